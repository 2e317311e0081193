using System.Runtime;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

/// <summary>
/// What guest_register_probe (unikernel-sdk/guest-x64/boot/register-probe.S) reads and writes: the
/// exit to perform, every register before it and after it. The layout is fixed by the assembly
/// (offsets in its header).
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public unsafe struct RegisterProbe
{
    public const ulong OpVmcall = 0, OpCpuid = 1, OpRdmsr = 2, OpWrmsr = 3, OpIn = 4, OpOut = 5, OpSpin = 6, OpHlt = 7;

    // Register indexes of Set/After (the order of the assembly's loads and stores).
    public const int Rax = 0, Rbx = 1, Rcx = 2, Rdx = 3, Rsi = 4, Rdi = 5, Rbp = 6, R8 = 7, R9 = 8, R10 = 9;
    public const int GeneralCount = 15;
    public const ulong StatusFlags = 0x8D5;     // CF PF AF ZF SF OF set by the pattern (DF clear)

    public ulong Op;
    public fixed ulong Set[15];
    public fixed ulong After[15];
    public ulong Flags;
    public ulong FlagsAfter;
    public uint Mxcsr;
    public uint MxcsrAfter;
    public ushort Fcw;
    public ushort FcwAfter;
    private uint _pad0;
    private ulong _pad1;
    public fixed ulong Xmm[32];          // xmm0..xmm15: low then high 64 bits
    public fixed ulong XmmAfter[32];

    [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "guest_register_probe")]
    public static extern void Run(RegisterProbe* probe);
}

/// <summary>The values put into the registers before each exit.</summary>
public static class RegisterPatterns
{
    public const uint Mxcsr = 0xFF95;     // flush to zero, round towards zero, all masked, three sticky flags
    public const ushort Fcw = 0x0C7F;     // round towards zero, single precision, all masked

    public static ulong General(int n) => Chunks(0x5A00, 0x1100, 0x2200, 0x3300, n);
    public static ulong XmmLow(int n) => Chunks(0xC000, 0xD000, 0xE000, 0xF000, n);
    public static ulong XmmHigh(int n) => Chunks(0x8000, 0x9000, 0xA000, 0xB000, n);

    private static ulong Chunks(ulong c3, ulong c2, ulong c1, ulong c0, int n)
    {
        ulong k = (ulong)n;
        return ((c3 + k) << 48) | ((c2 + k) << 32) | ((c1 + k) << 16) | (c0 + k);
    }
}
