using System.Runtime;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

/// <summary>
/// What guest_register_probe (unikernel-sdk/guest-arm64/boot/register-probe.S) reads and writes:
/// the exit to perform, x0-x5 before it, and every register after it. The layout is fixed by the
/// assembly (offsets in its header).
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public unsafe struct RegisterProbe
{
    public const ulong OpHvc = 0, OpSmc = 1, OpLoad = 2, OpStore = 3, OpSpin = 4, OpWfi = 5;

    public ulong Op;
    public fixed ulong In[6];
    public ulong CounterAddress;
    public ulong CounterStart;
    public ulong SpinBudget;
    public fixed ulong X[31];
    public ulong Fpsr;
    public ulong Fpcr;
    private ulong _pad;
    public fixed ulong Q[64];     // q0..q31: low then high 64 bits

    [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "guest_register_probe")]
    public static extern void Run(RegisterProbe* probe);
}

/// <summary>The patterns register-probe.S writes before the exit (see its header).</summary>
public static class RegisterPatterns
{
    public const ulong Fpcr = 0x02C00000, Fpsr = 0x0800001F;

    public static ulong X(int n) => Chunks(0x5A00, 0x1100, 0x2200, 0x3300, n);
    public static ulong QLow(int n) => Chunks(0xC000, 0xD000, 0xE000, 0xF000, n);
    public static ulong QHigh(int n) => Chunks(0x8000, 0x9000, 0xA000, 0xB000, n);

    private static ulong Chunks(ulong c3, ulong c2, ulong c1, ulong c0, int n)
    {
        ulong k = (ulong)n;
        return ((c3 + k) << 48) | ((c2 + k) << 32) | ((c1 + k) << 16) | (c0 + k);
    }
}
