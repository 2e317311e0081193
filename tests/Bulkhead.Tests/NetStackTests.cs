using System.Text;
using Bulkhead.Guest.Net;
using Xunit;
using static Bulkhead.Tests.NetFrames;

namespace Bulkhead.Tests;

/// <summary>
/// The SDK's IP stack (unikernel-sdk/guest/Net) on the host: two stacks on an in-memory wire
/// (ARP, ping, UDP echo, cache expiry on the wire's virtual clock), and one stack against frames
/// built by <see cref="NetFrames"/> (checksum edge cases, hostile and truncated frames).
/// </summary>
public sealed unsafe class NetStackTests
{
    private const ulong MacA = 0x02_00_00_00_00_0a, MacB = 0x02_00_00_00_00_0b, MacPeer = 0x02_00_00_00_00_99;
    private static readonly uint IpA = Ip("10.0.2.10"), IpB = Ip("10.0.2.11"), IpPeer = Ip("10.0.2.99"), IpGateway = Ip("10.0.2.2");

    private readonly NetWire _wire = new();
    private readonly IpStack _a, _b;

    public NetStackTests()
    {
        _a = new IpStack(_wire.End(0, MacA), IpA, 24, IpGateway);
        _b = new IpStack(_wire.End(1, MacB), IpB, 24, 0);
    }

    /// <summary>Side 1 is stack B, answering whenever A waits.</summary>
    private void Connect() => _wire.Responders[1] = () => _b.Poll();

    [Fact]
    public void ArpResolvesTheNeighbourAndTeachesItOurAddress()
    {
        Connect();
        Assert.True(_a.Resolve(IpB, _wire.NowMs + 1000, out ulong mac));
        Assert.Equal(MacB, mac);
        Assert.True(_b.Arp.TryLookup(IpA, _wire.NowMs, out ulong learned));
        Assert.Equal(MacA, learned);
        Assert.Equal(1u, _b.Counters.ArpRequestsAnswered);
        Assert.Equal(1u, _a.Counters.ArpRepliesReceived);
        // One broadcast request from A, one unicast reply from B.
        Assert.True(IsArp(_wire.Sent[0].Single(), out ushort op, out _, out _, out uint target) && op == 1 && target == IpB);
        Assert.Equal(Broadcast, Destination(_wire.Sent[0][0]));
        Assert.True(IsArp(_wire.Sent[1].Single(), out op, out ulong sender, out uint senderIp, out _) && op == 2);
        Assert.Equal((MacB, IpB, MacA), (sender, senderIp, Destination(_wire.Sent[1][0])));
    }

    [Fact]
    public void AnUnansweredArpIsRetriedAndGivesUpAtTheDeadline()
    {
        ulong start = _wire.NowMs;
        Assert.False(_a.Resolve(IpPeer, start + 1000, out _));
        Assert.True(_wire.NowMs >= start + 1000 && _wire.NowMs < start + 1000 + IpStack.ArpRetryMs);
        Assert.Equal(4, _wire.Sent[0].Count);   // at 0, 250, 500, 750 ms
    }

    [Fact]
    public void PingBetweenTwoStacks()
    {
        Connect();
        for (int i = 0; i < 3; i++)
        {
            Assert.True(_a.Ping(IpB, 1000, out ulong rtt));
            Assert.True(rtt < 1000);
        }
        Assert.Equal(3u, _b.Counters.EchoRequestsAnswered);
        Assert.Equal(3u, _a.Counters.EchoRepliesReceived);
        // A ping to an address nobody has times out instead of hanging.
        Assert.False(_a.Ping(IpPeer, 500, out _));
    }

    [Fact]
    public void UdpEchoBetweenTwoStacks()
    {
        Connect();
        var server = new UdpSocket(_b);
        Assert.True(server.Bind(7));
        Assert.False(new UdpSocket(_b).Bind(7));   // taken
        var client = new UdpSocket(_a);
        var message = Encoding.ASCII.GetBytes("hello, bulkhead");
        Assert.True(client.SendTo(IpB, 7, message, (uint)message.Length));
        Assert.True(client.Port >= IpStack.FirstEphemeralPort);

        var buffer = new byte[2048];
        Assert.True(server.ReceiveFrom(buffer, out uint length, out uint from, out ushort port, 100));
        Assert.Equal(message, buffer[..(int)length]);
        Assert.Equal((IpA, client.Port), (from, port));
        // B learned A's MAC from A's ARP request: the echo needs no ARP of its own.
        int arpBefore = _wire.Sent[1].Count(f => Type(f) == EtherTypeArp);
        Assert.True(server.SendTo(from, port, buffer, length));
        Assert.Equal(arpBefore, _wire.Sent[1].Count(f => Type(f) == EtherTypeArp));

        Assert.True(client.ReceiveFrom(buffer, out length, out from, out port, 100));
        Assert.Equal(message, buffer[..(int)length]);
        Assert.Equal((IpB, (ushort)7), (from, port));
        // The wire carried a correct datagram (checked by the test's own parser, checksum included).
        Assert.True(IsUdp(_wire.Sent[1].Last(), out _, out ushort sp, out ushort dp, out var data));
        Assert.Equal((7, client.Port), (sp, dp));
        Assert.Equal(message, data);
        Assert.False(client.TryReceiveFrom(null, 0, out _, out _, out _));
    }

    [Fact]
    public void ReceiveFromTimesOutOnAQuietWire()
    {
        var socket = new UdpSocket(_a);
        Assert.True(socket.Bind(5000));
        ulong start = _wire.NowMs;
        Assert.False(socket.ReceiveFrom(new byte[64], out _, out _, out _, 300));
        Assert.True(_wire.NowMs >= start + 300);
    }

    [Fact]
    public void ArpCacheEntriesExpire()
    {
        Connect();
        Assert.True(_a.Ping(IpB, 1000, out _));
        Assert.True(_a.Arp.TryLookup(IpB, _wire.NowMs, out _));
        _wire.DrainSent(0);
        Assert.True(_a.Ping(IpB, 1000, out _));
        Assert.DoesNotContain(_wire.DrainSent(0), f => Type(f) == EtherTypeArp);   // cached

        _wire.NowMs += ArpCache.LifetimeMs;
        Assert.False(_a.Arp.TryLookup(IpB, _wire.NowMs, out _));
        Assert.True(_a.Ping(IpB, 1000, out _));
        Assert.Single(_wire.DrainSent(0), f => Type(f) == EtherTypeArp);   // asked again
    }

    [Fact]
    public void AFullArpCacheReplacesTheEntryClosestToExpiry()
    {
        var cache = new ArpCache();
        for (uint i = 0; i < ArpCache.Entries; i++) cache.Set(100 + i, 0x0200_0000_0000UL + i, 1000 + i);
        Assert.Equal(ArpCache.Entries, cache.Count(2000));
        cache.Set(999, 0x0200_0000_0999, 3000);
        Assert.False(cache.TryLookup(100, 3000, out _));        // the oldest went
        Assert.True(cache.TryLookup(101, 3000, out ulong mac) && mac == 0x0200_0000_0001);
        Assert.True(cache.TryLookup(999, 3000, out mac) && mac == 0x0200_0000_0999);
        cache.Set(101, 0x0200_0000_0777, 3000);                 // refresh in place
        Assert.True(cache.TryLookup(101, 3000, out mac) && mac == 0x0200_0000_0777);
        Assert.Equal(ArpCache.Entries, cache.Count(3000));
        Assert.Equal(0, cache.Count(1000 + ArpCache.LifetimeMs + 3000));
    }

    [Fact]
    public void GatewayIsUsedForAddressesOffTheSubnet()
    {
        var far = Ip("192.168.7.7");
        _wire.Responders[1] = () =>
        {
            foreach (var f in _wire.DrainSent(0))
                if (IsArp(f, out ushort op, out _, out _, out uint target) && op == 1)
                    _wire.Inject(0, NetFrames.Arp(2, MacPeer, target, MacA, IpA, MacA));
        };
        Assert.True(_a.Resolve(far, _wire.NowMs + 1000, out ulong mac));
        Assert.Equal(MacPeer, mac);
        Assert.True(_a.Arp.TryLookup(IpGateway, _wire.NowMs, out _));
        Assert.False(_b.Resolve(far, _wire.NowMs + 1000, out _));   // B has no gateway
    }

    // ---- One stack against crafted frames ----

    private void Receive(byte[] frame) { _wire.Inject(0, frame); _a.Poll(); }

    [Fact]
    public void ChecksumEdgeCases()
    {
        // RFC 1071's worked example: the sum of 00 01 f2 03 f4 f5 f6 f7 is ddf2; the checksum is its complement.
        byte[] rfc = [0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7];
        fixed (byte* p = rfc) Assert.Equal(0x220d, InternetChecksum.Compute(p, 8));
        byte[] odd = [0x12, 0x34, 0x56];   // an odd last byte counts as its high half
        fixed (byte* p = odd) Assert.Equal((ushort)(0xffff - 0x1234 - 0x5600), InternetChecksum.Compute(p, 3));
        fixed (byte* p = new byte[4]) Assert.Equal(0xffff, InternetChecksum.Compute(p, 4));
        byte[] carries = Enumerable.Repeat((byte)0xff, 1472).ToArray();   // every word 0xffff: carries fold back to 0xffff
        fixed (byte* p = carries) Assert.Equal(0, InternetChecksum.Compute(p, 1472));
        for (int n = 0; n < 64; n++)
        {
            var data = Enumerable.Range(0, n).Select(i => (byte)(i * 37 + n)).ToArray();
            fixed (byte* p = data) Assert.Equal(Checksum(data), n == 0 ? InternetChecksum.Compute(null, 0) : InternetChecksum.Compute(p, (uint)n));
        }
    }

    [Fact]
    public void UdpChecksumZeroMeansNoneAndAComputedZeroIsSentAsFfff()
    {
        var socket = new UdpSocket(_a);
        Assert.True(socket.Bind(9));
        Receive(UdpFrame(MacA, MacPeer, IpPeer, IpA, 1234, 9, "no checksum"u8, checksum: false));
        Assert.Equal(1, socket.Pending);

        // Find a 2-byte payload whose checksum computes to 0: it must go out as 0xffff.
        _a.Arp.Set(IpPeer, MacPeer, _wire.NowMs);
        for (int v = 0; v < 0x10000; v++)
        {
            byte[] data = [(byte)(v >> 8), (byte)v];
            var reference = Udp(IpA, IpPeer, socket.Port, 4000, data, checksum: false);
            if (Checksum(reference, PseudoSum(IpA, IpPeer, reference.Length)) != 0) continue;
            Assert.True(socket.SendTo(IpPeer, 4000, data, 2));
            var sent = _wire.Sent[0].Last();
            Assert.Equal(0xff, sent[34 + 6]);
            Assert.Equal(0xff, sent[34 + 7]);
            Assert.True(IsUdp(sent, out _, out _, out _, out var got) && got.SequenceEqual(data));
            return;
        }
        Assert.Fail("no payload with a zero checksum found");
    }

    [Fact]
    public void AnswersArpAndPingFromAForeignHost()
    {
        Receive(ArpRequest(MacPeer, IpPeer, IpA));
        Assert.True(IsArp(_wire.Sent[0].Single(), out ushort op, out ulong mac, out uint ip, out uint target));
        Assert.Equal((2, MacA, IpA, IpPeer), (op, mac, ip, target));

        var data = Encoding.ASCII.GetBytes("abcdefghijklmnopqrstuvwabcdefghi");
        Receive(EchoRequest(MacA, MacPeer, IpPeer, IpA, 0x4242, 7, data));
        Assert.True(IsEchoReply(_wire.Sent[0].Last(), out uint from, out ushort id, out ushort seq, out var echoed));
        Assert.Equal((IpA, (ushort)0x4242, (ushort)7), (from, id, seq));
        Assert.Equal(data, echoed);
        Assert.Equal(MacPeer, Destination(_wire.Sent[0].Last()));

        // Ethernet padding after the packet (minimum frame 60 bytes) is allowed.
        var padded = ArpRequest(MacPeer, IpPeer, IpA).Concat(new byte[18]).ToArray();
        Receive(padded);
        Assert.Equal(2u, _a.Counters.ArpRequestsAnswered);
        // A broadcast ping gets no answer; an ARP for someone else neither.
        Receive(EchoRequest(Broadcast, MacPeer, IpPeer, Ip("10.0.2.255"), 1, 1, data));
        Receive(ArpRequest(MacPeer, IpPeer, IpB));
        Assert.Equal(3, _wire.Sent[0].Count);
        Assert.Equal(0u, _a.Counters.Malformed + _a.Counters.BadChecksum);
    }

    [Fact]
    public void FramesForAnotherMacAreCountedAndNotAnswered()
    {
        Receive(EchoRequest(MacB, MacPeer, IpPeer, IpA, 1, 1, new byte[8]));
        Receive(ArpRequest(MacPeer, IpPeer, IpA) is var arp ? Retarget(arp, MacB) : arp);
        Assert.Equal(2u, _a.Counters.FramesNotForUs);
        Assert.Empty(_wire.Sent[0]);
    }

    private static byte[] Retarget(byte[] frame, ulong destination)
    {
        var f = (byte[])frame.Clone();
        for (int i = 0; i < 6; i++) f[i] = (byte)(destination >> (8 * (5 - i)));
        return f;
    }

    /// <summary>
    /// Every prefix of valid frames (ARP request, ping, datagram) is offered with the rest of the
    /// valid frame still in the buffer past the reported length: a stack that read beyond the
    /// frame would see a good packet and answer. It must answer or deliver nothing.
    /// </summary>
    [Fact]
    public void TruncatedFramesAreDroppedWithoutReadingPastTheirLength()
    {
        var socket = new UdpSocket(_a);
        Assert.True(socket.Bind(7));
        byte[][] valid =
        [
            ArpRequest(MacPeer, IpPeer, IpA),
            EchoRequest(MacA, MacPeer, IpPeer, IpA, 1, 1, new byte[40]),
            UdpFrame(MacA, MacPeer, IpPeer, IpA, 1000, 7, new byte[40]),
        ];
        foreach (var frame in valid)
            for (int cut = 0; cut < frame.Length; cut++)
            {
                _wire.Inject(0, frame, cut);
                _a.Poll();
            }
        Assert.Empty(_wire.Sent[0]);
        Assert.Equal(0, socket.Pending);
        Assert.Equal(0u, _a.Counters.UdpDelivered + _a.Counters.ArpRequestsAnswered + _a.Counters.EchoRequestsAnswered);
        Assert.Equal((uint)valid.Sum(f => f.Length), _a.Counters.FramesReceived);
        // Each cut frame was counted as malformed (or, for a cut inside the UDP data, its checksum failed).
        Assert.Equal(_a.Counters.FramesReceived, _a.Counters.Malformed + _a.Counters.BadChecksum);

        // The whole frames work: the buffers held nothing wrong.
        foreach (var frame in valid) Receive(frame);
        Assert.Equal(1, socket.Pending);
        Assert.Equal(2, _wire.Sent[0].Count);
    }

    [Fact]
    public void HostileHeadersAreDroppedAndCounted()
    {
        var socket = new UdpSocket(_a);
        Assert.True(socket.Bind(7));
        var good = UdpFrame(MacA, MacPeer, IpPeer, IpA, 1000, 7, new byte[40]);

        byte[] With(Action<byte[]> change, bool fixIpChecksum = true)
        {
            var f = (byte[])good.Clone();
            change(f);
            if (fixIpChecksum)
            {
                f[24] = f[25] = 0;
                var c = Checksum(f.AsSpan(14, (f[14] & 0xf) * 4 is var h && h >= 20 && 14 + h <= f.Length ? h : 20));
                f[24] = (byte)(c >> 8); f[25] = (byte)c;
            }
            return f;
        }

        var cases = new (string Why, byte[] Frame, Func<NetCounters, uint> Counter)[]
        {
            ("total length past the frame", With(f => f[17] += 1), c => c.Malformed),
            ("total length below the header", With(f => { f[16] = 0; f[17] = 19; }), c => c.Malformed),
            ("header length below 20", With(f => f[14] = 0x44), c => c.Malformed),
            ("header length past the packet", With(f => { f[14] = 0x4f; f[16] = 0; f[17] = 40; }), c => c.Malformed),
            ("version 6", With(f => f[14] = 0x65), c => c.Malformed),
            ("bad header checksum", With(f => f[24] ^= 1, fixIpChecksum: false), c => c.BadChecksum),
            ("UDP length past the packet", With(f => f[34 + 5] += 1), c => c.Malformed),
            ("UDP length below 8", With(f => { f[34 + 4] = 0; f[34 + 5] = 7; }), c => c.Malformed),
            ("bad UDP checksum", With(f => f[34 + 8] ^= 0x80), c => c.BadChecksum),
            ("more fragments", With(f => f[20] = 0x20), c => c.Fragments),
            ("fragment offset", With(f => { f[20] = 0; f[21] = 0x10; }), c => c.Fragments),
            ("other address", With(f => f[33] = 77), c => c.Ignored),
            ("unknown protocol", With(f => f[23] = 6), c => c.Ignored),
            ("unknown EtherType", With(f => { f[12] = 0x86; f[13] = 0xdd; }, fixIpChecksum: false), c => c.Ignored),
            ("longer than a frame", good.Concat(new byte[2000]).ToArray(), c => c.Malformed),
            ("ICMP shorter than its header", Ipv4(MacA, MacPeer, IpPeer, IpA, 1, new byte[5]), c => c.Malformed),
            ("bad ICMP checksum", With(f => { }, false) is var _ ? BadIcmp() : good, c => c.BadChecksum),
        };
        foreach (var (why, frame, counter) in cases)
        {
            uint before = counter(_a.Counters);
            Receive(frame);
            Assert.True(counter(_a.Counters) == before + 1, why);
        }
        Assert.Empty(_wire.Sent[0]);
        Assert.Equal(0, socket.Pending);
        Receive(good);
        Assert.Equal(1, socket.Pending);

        static byte[] BadIcmp()
        {
            var f = EchoRequest(MacA, MacPeer, IpPeer, IpA, 1, 1, new byte[8]);
            f[34 + 8] ^= 1;
            return f;
        }
    }

    [Fact]
    public void DatagramsBeyondTheQueueAndForUnboundPortsAreCounted()
    {
        var socket = new UdpSocket(_a);
        Assert.True(socket.Bind(7));
        for (int i = 0; i < UdpSocket.QueueSlots + 2; i++) Receive(UdpFrame(MacA, MacPeer, IpPeer, IpA, 1000, 7, [(byte)i]));
        Receive(UdpFrame(MacA, MacPeer, IpPeer, IpA, 1000, 8, [1]));
        Assert.Equal(((uint)UdpSocket.QueueSlots, 2u, 1u), (_a.Counters.UdpDelivered, _a.Counters.UdpQueueFull, _a.Counters.UdpNoSocket));
        var buffer = new byte[4];
        for (int i = 0; i < UdpSocket.QueueSlots; i++)
        {
            Assert.True(socket.ReceiveFrom(buffer, out uint length, out _, out _, 0));
            Assert.Equal((1u, (byte)i), (length, buffer[0]));   // oldest first
        }
        // A datagram longer than the caller's buffer is cut; its full length is reported.
        Receive(UdpFrame(MacA, MacPeer, IpPeer, IpA, 1000, 7, new byte[100]));
        Assert.True(socket.ReceiveFrom(buffer, out uint full, out _, out _, 0));
        Assert.Equal(100u, full);
        // Oversized sends are refused, not cut.
        _a.Arp.Set(IpPeer, MacPeer, _wire.NowMs);
        Assert.False(socket.SendTo(IpPeer, 7, new byte[NetLayout.MaxUdpPayload + 1], NetLayout.MaxUdpPayload + 1));
        Assert.True(socket.SendTo(IpPeer, 7, new byte[NetLayout.MaxUdpPayload], NetLayout.MaxUdpPayload));
        Assert.Equal((int)NetLayout.MaxFrame, _wire.Sent[0].Last().Length);
    }

    [Fact]
    public void AFloodDoesNotKeepPollBusyForever()
    {
        for (int i = 0; i < 100; i++) _wire.Inject(0, ArpRequest(MacPeer, IpPeer, IpB));
        Assert.Equal(IpStack.MaxFramesPerPoll, _a.Poll());
    }

    /// <summary>
    /// 20,000 mutations of valid frames (random bytes changed, cut or extended; fixed seed): the stack
    /// takes every one, and whatever it sends in answer is well-formed (ARP, or IPv4 with correct
    /// header, ICMP or UDP checksums), within 1514 bytes and from our MAC.
    /// </summary>
    [Fact]
    public void MutatedFramesNeverProduceAMalformedAnswer()
    {
        var socket = new UdpSocket(_a);
        Assert.True(socket.Bind(7));
        var random = new Random(1414);
        byte[][] seeds =
        [
            ArpRequest(MacPeer, IpPeer, IpA),
            NetFrames.Arp(2, MacPeer, IpPeer, MacA, IpA, MacA),
            EchoRequest(MacA, MacPeer, IpPeer, IpA, 9, 9, new byte[56]),
            UdpFrame(MacA, MacPeer, IpPeer, IpA, 1000, 7, new byte[100]),
        ];
        var buffer = new byte[2048];
        for (int i = 0; i < 20_000; i++)
        {
            var frame = (byte[])seeds[random.Next(seeds.Length)].Clone();
            int changes = random.Next(1, 4);
            for (int c = 0; c < changes; c++) frame[random.Next(frame.Length)] = (byte)random.Next(256);
            int reported = random.Next(4) == 0 ? random.Next(frame.Length + 1) : frame.Length;
            if (random.Next(8) == 0) { frame = frame.Concat(new byte[random.Next(1, 1600)]).ToArray(); reported = frame.Length; }
            _wire.Inject(0, frame, reported);
            _a.Poll();
            while (socket.TryReceiveFrom(null, 0, out _, out _, out _)) { }
        }
        Assert.Equal(20_000u, _a.Counters.FramesReceived);
        Assert.NotEmpty(_wire.Sent[0]);
        foreach (var sent in _wire.Sent[0])
        {
            Assert.True(sent.Length <= (int)NetLayout.MaxFrame);
            Assert.Equal(MacA, Source(sent));
            bool wellFormed = IsArp(sent, out _, out ulong mac, out uint ip, out _) ? mac == MacA && ip == IpA
                : IsEchoReply(sent, out uint from, out _, out _, out _) && from == IpA;
            Assert.True(wellFormed, Convert.ToHexString(sent));
        }
    }
}
