using System.Runtime.InteropServices;

namespace Bulkhead.Arm64
{
    /// <summary>
    /// The context the exception vectors save on the stack, the same at EL2 (hv-arm64/boot/vectors.S)
    /// and EL1 (exception-vectors.inc): general registers and exception state; 288 bytes, offsets
    /// fixed by the assembly. FP/SIMD state is not in it: both save it lazily, only when the code
    /// that runs on the exception uses it (see the vectors).
    /// </summary>
    [StructLayout(LayoutKind.Sequential)]
    public unsafe struct TrapFrame
    {
        public fixed ulong X[31];
        public ulong Elr;
        public ulong Spsr;
        public ulong Esr;
        public ulong Far;
        private ulong _pad;

        public uint ExceptionClass => (uint)((Esr >> 26) & 0x3F); // ESR_ELx.EC
    }

    /// <summary>Which of the 16 vector table entries was taken.</summary>
    public enum VectorKind
    {
        CurrentSp0Sync = 0, CurrentSp0Irq, CurrentSp0Fiq, CurrentSp0SError,
        CurrentSpxSync, CurrentSpxIrq, CurrentSpxFiq, CurrentSpxSError,
        LowerA64Sync, LowerA64Irq, LowerA64Fiq, LowerA64SError,
        LowerA32Sync, LowerA32Irq, LowerA32Fiq, LowerA32SError,
    }
}
