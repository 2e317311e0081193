using System.Runtime.InteropServices;
using Bulkhead.Guest;
using Xunit;

namespace Bulkhead.Tests;

/// <summary>
/// The message-ring protocol (unikernel-sdk/guest/Rings) on host memory laid out like a channel:
/// boundaries, sequence numbers, wrap-around, back-pressure, the reader-waiting handshake, hostile
/// indices and headers, and a two-thread stress run.
/// </summary>
public sealed unsafe class RingProtocolTests : IDisposable
{
    private readonly byte* _channel;
    private const uint ChannelSize = 4096;
    private const ulong Capacity = ChannelSize - RingLayout.DataOffset;

    public RingProtocolTests()
    {
        _channel = (byte*)NativeMemory.AlignedAlloc(ChannelSize, 4096);
        NativeMemory.Clear(_channel, ChannelSize);
    }

    public void Dispose() => NativeMemory.AlignedFree(_channel);

    private RingProducer Producer() => RingProducer.Create(_channel + RingLayout.ProducerLine, _channel + RingLayout.ConsumerLine, _channel + RingLayout.DataOffset, Capacity);
    private RingConsumer Consumer() => RingConsumer.Create(_channel + RingLayout.ProducerLine, _channel + RingLayout.ConsumerLine, _channel + RingLayout.DataOffset, Capacity);

    private static bool Write(ref RingProducer p, byte[] bytes)
    {
        fixed (byte* b = bytes) return p.TryWrite(b, (uint)bytes.Length, out _);
    }

    private static byte[]? Read(ref RingConsumer c)
    {
        if (!c.TryPeek(out var m)) return null;
        var bytes = new Span<byte>(m.Data, (int)m.Length).ToArray();
        c.Release();
        return bytes;
    }

    private static byte[] Pattern(int n, int length) => Enumerable.Range(0, length).Select(i => (byte)(n * 31 + i)).ToArray();

    [Fact]
    public void LayoutPutsIndicesOnTheirOwnCacheLines()
    {
        Assert.Equal(0u, RingLayout.ProducerLine + RingLayout.WrittenField);
        Assert.Equal(64u, RingLayout.ConsumerLine + RingLayout.ReadField);
        Assert.Equal(RingLayout.CacheLine, RingLayout.ConsumerLine + RingLayout.ReadField - RingLayout.ProducerLine + RingLayout.WrittenField);
        Assert.Equal(128u, RingLayout.DataOffset);
        Assert.Equal(16ul, RingLayout.RecordSize(5));
        Assert.Equal(8ul, RingLayout.RecordSize(0));
        Assert.Equal(1976u, RingLayout.MaxPayload(Capacity)); // (3968 / 2 - 8) rounded down to 8
    }

    [Fact]
    public void MessagesKeepTheirBoundariesOrderAndSequence()
    {
        var p = Producer();
        var c = Consumer();
        Assert.True(Write(ref p, Pattern(1, 3)));
        Assert.True(Write(ref p, Pattern(2, 0)));
        Assert.True(Write(ref p, Pattern(3, 17)));
        Assert.Equal(3u, p.NextSequence);
        // Records are 8-byte aligned: 8+8, 8+0, 8+24.
        Assert.Equal(56ul, *(ulong*)(_channel + RingLayout.ProducerLine + RingLayout.WrittenField));
        for (int n = 1; n <= 3; n++)
        {
            Assert.True(c.TryPeek(out var m));
            Assert.Equal((uint)(n - 1), m.Sequence);
            Assert.Equal(Pattern(n, new[] { 3, 0, 17 }[n - 1]), new Span<byte>(m.Data, (int)m.Length).ToArray());
            c.Release();
        }
        Assert.False(c.TryPeek(out _));
        Assert.Equal(56ul, *(ulong*)(_channel + RingLayout.ConsumerLine + RingLayout.ReadField));
        Assert.False(c.Broken);
    }

    [Fact]
    public void PeekWithoutReleaseReturnsTheSameMessage()
    {
        var p = Producer();
        var c = Consumer();
        Write(ref p, Pattern(7, 9));
        Write(ref p, Pattern(8, 9));
        Assert.True(c.TryPeek(out var first));
        Assert.True(c.TryPeek(out var again));
        Assert.Equal(first.Sequence, again.Sequence);
        c.Release();
        Assert.True(c.TryPeek(out var second));
        Assert.Equal(1u, second.Sequence);
    }

    [Fact]
    public void FullRingRefusesUntilTheReaderReleases()
    {
        var p = Producer();
        var c = Consumer();
        var msg = Pattern(1, 120); // 128-byte records: 31 fit in 3968 bytes
        int sent = 0;
        while (Write(ref p, msg)) sent++;
        Assert.Equal(31, sent);
        Assert.False(p.Broken);
        Assert.NotNull(Read(ref c));
        Assert.True(Write(ref p, msg));      // one record freed, one more fits
        Assert.False(Write(ref p, msg));
        Assert.False(Write(ref p, Pattern(1, (int)p.MaxPayload + 1))); // too large, never fits
    }

    [Fact]
    public void WrapAroundPadsTheTailAndNeverSplitsARecord()
    {
        var p = Producer();
        var c = Consumer();
        // 3968 data bytes: after 3 records of 1000+8 (3024 bytes) a 1000-byte record does not fit in
        // the 944 left before the end: it needs a wrap marker and the start of the data area.
        var big = Pattern(1, 1000);
        for (int i = 0; i < 3; i++) Assert.True(Write(ref p, big));
        Assert.False(Write(ref p, big));                 // start still occupied
        Assert.NotNull(Read(ref c));                     // frees 0..1008
        Assert.True(Write(ref p, Pattern(9, 1000)));     // goes to offset 0 after a 944-byte pad
        Assert.Equal(RingLayout.WrapMarker, *(uint*)(_channel + RingLayout.DataOffset + 3024));
        Assert.Equal(3024ul + 944 + 1008, *(ulong*)(_channel + RingLayout.ProducerLine + RingLayout.WrittenField));
        Assert.Equal(big, Read(ref c));
        Assert.Equal(big, Read(ref c));
        Assert.True(c.TryPeek(out var wrapped));
        Assert.Equal(3u, wrapped.Sequence);
        Assert.True(wrapped.Data == _channel + RingLayout.DataOffset + RingLayout.HeaderSize);
        Assert.Equal(Pattern(9, 1000), new Span<byte>(wrapped.Data, 1000).ToArray());
        c.Release();
        Assert.False(c.Broken);
    }

    [Fact]
    public void ManyLapsOfVaryingSizesStayInOrder()
    {
        var p = Producer();
        var c = Consumer();
        int sent = 0, received = 0;
        var rng = new Random(42);
        while (received < 20000)
        {
            while (sent < 20000 && Write(ref p, Pattern(sent, sent % 97 * 7 % 300))) sent++;
            int drain = rng.Next(1, 20);
            for (int i = 0; i < drain && received < sent; i++)
            {
                Assert.True(c.TryPeek(out var m));
                Assert.Equal((uint)received, m.Sequence);
                Assert.Equal(Pattern(received, received % 97 * 7 % 300), new Span<byte>(m.Data, (int)m.Length).ToArray());
                c.Release();
                received++;
            }
        }
        Assert.False(c.TryPeek(out _));
        Assert.True(*(ulong*)(_channel + RingLayout.ProducerLine + RingLayout.WrittenField) > 10 * Capacity); // many laps
    }

    [Fact]
    public void ReservationIsZeroCopyAndMayShrink()
    {
        var p = Producer();
        var c = Consumer();
        Assert.True(p.TryReserve(64, out byte* buffer));
        Assert.True(buffer == _channel + RingLayout.DataOffset + RingLayout.HeaderSize);
        Assert.False(p.TryReserve(8, out _));            // one reservation at a time
        Assert.False(c.TryPeek(out _));                  // nothing visible before Commit
        for (int i = 0; i < 10; i++) buffer[i] = (byte)(i + 1);
        p.Commit(10);
        Assert.Equal(24ul, *(ulong*)(_channel + RingLayout.ProducerLine + RingLayout.WrittenField)); // 8 + 16, not 8 + 64
        Assert.Equal(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 }, Read(ref c));
    }

    [Fact]
    public void WaitingFlagMakesTheWriterRingAndARaceIsNeverLost()
    {
        var p = Producer();
        var c = Consumer();
        Assert.True(Write(ref p, Pattern(1, 4)));
        // A message is there: the reader must not sleep, and leaves no flag behind.
        Assert.False(c.PrepareToWait());
        Assert.Equal(0u, *(uint*)(_channel + RingLayout.ConsumerLine + RingLayout.ReaderWaitingField));
        Read(ref c);
        // Empty: the reader announces it sleeps; the writer's next commit reports it.
        Assert.True(c.PrepareToWait());
        Assert.Equal(1u, *(uint*)(_channel + RingLayout.ConsumerLine + RingLayout.ReaderWaitingField));
        fixed (byte* b = Pattern(2, 4)) Assert.True(p.TryWrite(b, 4, out bool ring) && ring);
        c.DoneWaiting();
        fixed (byte* b = Pattern(3, 4)) Assert.True(p.TryWrite(b, 4, out bool ring) && !ring);
    }

    [Fact]
    public void HostileIndicesAndHeadersBreakTheRingInsteadOfReadingAstray()
    {
        var p = Producer();
        var c = Consumer();
        Write(ref p, Pattern(1, 8));
        *(ulong*)(_channel + RingLayout.ProducerLine + RingLayout.WrittenField) = Capacity * 3; // writer claims more than the ring holds
        Assert.False(c.TryPeek(out _));
        Assert.True(c.Broken);

        NativeMemory.Clear(_channel, ChannelSize);
        p = Producer();
        c = Consumer();
        Write(ref p, Pattern(1, 8));
        *(uint*)(_channel + RingLayout.DataOffset) = 100000;            // length beyond what was published
        Assert.False(c.TryPeek(out _));
        Assert.True(c.Broken);

        NativeMemory.Clear(_channel, ChannelSize);
        p = Producer();
        c = Consumer();
        Write(ref p, Pattern(1, 8));
        *(uint*)(_channel + RingLayout.DataOffset + 4) = 5;             // sequence out of order
        Assert.False(c.TryPeek(out _));
        Assert.True(c.Broken);

        NativeMemory.Clear(_channel, ChannelSize);
        p = Producer();
        *(ulong*)(_channel + RingLayout.ConsumerLine + RingLayout.ReadField) = 4096;             // reader released more than written
        Assert.False(Write(ref p, Pattern(1, 8)));
        Assert.True(p.Broken);
    }

    [Fact]
    public void ReopenedEndsContinueWhereTheyLeft()
    {
        var p = Producer();
        var c = Consumer();
        for (int i = 0; i < 5; i++) Write(ref p, Pattern(i, 12));
        Read(ref c); Read(ref c);
        p = Producer();
        c = Consumer();
        Assert.Equal(5u, p.NextSequence);
        Write(ref p, Pattern(5, 12));
        for (int i = 2; i <= 5; i++)
        {
            Assert.True(c.TryPeek(out var m));
            Assert.Equal((uint)i, m.Sequence);
            c.Release();
        }
        Assert.False(c.Broken);
    }

    [Fact]
    public void TwoThreadsExchangeAHundredThousandMessagesInOrder()
    {
        const int Count = 100_000;
        var p = Producer();
        var c = Consumer();
        long lost = 0;
        var writer = new Thread(() =>
        {
            var buffer = new byte[256];
            for (int n = 0; n < Count; n++)
            {
                int length = 4 + n % 61;
                BitConverter.TryWriteBytes(buffer, n);
                for (int i = 4; i < length; i++) buffer[i] = (byte)(n + i);
                fixed (byte* b = buffer) while (!p.TryWrite(b, (uint)length, out _)) Thread.SpinWait(8);
            }
        });
        writer.Start();
        for (int n = 0; n < Count; n++)
        {
            RingMessage m;
            while (!c.TryPeek(out m)) { Assert.False(c.Broken); Thread.SpinWait(8); }
            int length = 4 + n % 61;
            if (m.Sequence != (uint)n || m.Length != length || *(int*)m.Data != n) lost++;
            for (int i = 4; i < length; i++) if (m.Data[i] != (byte)(n + i)) lost++;
            c.Release();
        }
        writer.Join();
        Assert.Equal(0, lost);
        Assert.False(c.TryPeek(out _));
    }
}
