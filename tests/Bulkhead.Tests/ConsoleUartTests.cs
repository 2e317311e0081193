using System.Runtime.InteropServices;
using Bulkhead.Drivers;
using Xunit;

namespace Bulkhead.Tests;

/// <summary>
/// Every console UART driver of unikernel-sdk/corelib/Bulkhead.Drivers run on the host against a
/// fake register file: it waits on the right status bit, then writes the data register at the right
/// offset and width (16550: every reg_shift/reg_io_width wiring). The emulators cover PL011 (virt),
/// Cadence (xlnx-zcu102) and the mini UART (raspi3b); no QEMU arm64 machine here has a memory-mapped
/// 16550 with a 4-byte stride or an LPUART, so this is where those two are checked.
/// </summary>
public unsafe class ConsoleUartTests
{
    private const byte Untouched = 0xEE;

    /// <summary>256 bytes of "device registers", all 0xEE until the test sets them.</summary>
    private sealed class RegisterFile : IDisposable
    {
        public readonly byte* Bytes = (byte*)NativeMemory.AlignedAlloc(256, 64);
        public RegisterFile() => new Span<byte>(Bytes, 256).Fill(Untouched);
        public ulong Base => (ulong)Bytes;
        public uint Read32(int offset) => Volatile.Read(ref *(uint*)(Bytes + offset));
        public void Write32(int offset, uint value) => Volatile.Write(ref *(uint*)(Bytes + offset), value);
        public void Dispose() => NativeMemory.AlignedFree(Bytes);
    }

    /// <summary>
    /// Status register busy: Put must wait and write nothing; status ready: the byte lands at the
    /// data offset, with the access width the driver should use (1: bytes after it untouched).
    /// </summary>
    private static void AssertWaitsThenWrites<TUart>(int status, uint busy, uint ready, int data, int width, bool statusIsByte = false)
        where TUart : struct, IConsoleUart
    {
        using var regs = new RegisterFile();
        void SetStatus(uint v) { if (statusIsByte) regs.Bytes[status] = (byte)v; else regs.Write32(status, v); }
        SetStatus(busy);
        var put = Task.Run(() => TUart.Put(regs.Base, (byte)'K'));
        Assert.False(put.Wait(TimeSpan.FromMilliseconds(100)), "Put returned while the transmitter was busy");
        for (int i = 0; i < 256; i++)
            if (i < status || i >= status + (statusIsByte ? 1 : 4)) Assert.True(regs.Bytes[i] == Untouched, $"byte {i:x} written while busy");
        SetStatus(ready);
        Assert.True(put.Wait(TimeSpan.FromSeconds(5)), "Put kept waiting after the transmitter had room");
        Assert.Equal((byte)'K', regs.Bytes[data]);
        for (int i = 1; i < 4; i++)
            Assert.Equal(width == 4 ? (byte)0 : Untouched, regs.Bytes[data + i]);
    }

    [Fact]
    public void Pl011WaitsWhileTheFifoIsFullThenWritesDr() =>
        AssertWaitsThenWrites<Pl011>(status: 0x18, busy: 1 << 5, ready: 0, data: 0x00, width: 4);

    [Fact]
    public void MiniUartWaitsForTransmitterEmptyThenWritesIo() =>
        AssertWaitsThenWrites<Bcm2835MiniUart>(status: 0x14, busy: 0, ready: 1 << 5, data: 0x00, width: 4);

    [Fact]
    public void CadenceWaitsWhileTheFifoIsFullThenWritesTheFifo() =>
        AssertWaitsThenWrites<CadenceUart>(status: 0x2C, busy: 1 << 4, ready: 0, data: 0x30, width: 4);

    [Fact]
    public void CadenceInitializeEnablesTheTransmitterAndClearsTheDisableBits()
    {
        using var regs = new RegisterFile();
        regs.Write32(0x00, 0x128); // reset value: TXDIS | RXDIS | STPBRK
        CadenceUart.Initialize(regs.Base);
        Assert.Equal(0x14u, regs.Read32(0x00)); // TXEN | RXEN
        for (int i = 4; i < 256; i++) Assert.Equal(Untouched, regs.Bytes[i]);
    }

    [Fact]
    public void LpuartWaitsForTdreThenWritesDataNotTheReadOnlyRegisters() =>
        AssertWaitsThenWrites<ImxLpuart>(status: 0x14, busy: 0, ready: 1u << 23, data: 0x1C, width: 4);

    [Fact]
    public void ImxUartWaitsWhileTheFifoIsFullThenWritesUtxd() =>
        AssertWaitsThenWrites<ImxUart>(status: 0xB4, busy: 1 << 4, ready: 0, data: 0x40, width: 4);

    private struct PcWiring : IUartRegisterLayout { public static int RegShift => 0; public static bool WordAccess => false; }
    private struct TiK3Wiring : IUartRegisterLayout { public static int RegShift => 2; public static bool WordAccess => true; }
    private struct Stride4Bytes : IUartRegisterLayout { public static int RegShift => 2; public static bool WordAccess => false; }
    private struct Stride8Words : IUartRegisterLayout { public static int RegShift => 3; public static bool WordAccess => true; }

    [Fact]
    public void Ns16550WithByteRegistersPollsLsrAt5AndWritesOneByte() =>
        AssertWaitsThenWrites<Ns16550<PcWiring>>(status: 5, busy: 0, ready: 1 << 5, data: 0, width: 1, statusIsByte: true);

    [Fact]
    public void Ns16550WithTiK3WiringPollsLsrAt0x14AndWrites32Bits() =>
        AssertWaitsThenWrites<Ns16550<TiK3Wiring>>(status: 0x14, busy: 0, ready: 1 << 5, data: 0, width: 4);

    [Fact]
    public void Ns16550WithStrideButByteAccessWritesOneByte() =>
        AssertWaitsThenWrites<Ns16550<Stride4Bytes>>(status: 0x14, busy: 0, ready: 1 << 5, data: 0, width: 1, statusIsByte: true);

    [Fact]
    public void Ns16550WithStride8PollsLsrAt0x28() =>
        AssertWaitsThenWrites<Ns16550<Stride8Words>>(status: 0x28, busy: 0, ready: 1 << 5, data: 0, width: 4);

    /// <summary>A "UART" that keeps what it is sent.</summary>
    private struct Recorder : IConsoleUart
    {
        [ThreadStatic] public static List<byte>? Sent;
        public static void Initialize(ulong baseAddress) { }
        public static void Put(ulong baseAddress, byte value) => (Sent ??= []).Add(value);
    }

    [Fact]
    public void TextEndsLinesWithCrLfAndReplacesNonAscii()
    {
        Recorder.Sent = [];
        UartText.Write<Recorder>(0, "ok\nüz");
        Assert.Equal("ok\r\n?z"u8.ToArray(), Recorder.Sent);
    }
}
