using System.Runtime.InteropServices;

namespace Bulkhead.Arm64
{
    /// <summary>
    /// The context the exception vectors save on the stack (exception-vectors.inc), the same at
    /// EL2 (hypervisor) and EL1 (guests): general registers, exception state and the whole
    /// FP/SIMD state. The offsets are fixed by the assembly (TRAP_FRAME_* there); 816 bytes.
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
        public ulong Fpsr;
        public ulong Fpcr;
        public fixed ulong Q[64];   // q0..q31: low then high 64 bits of each

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
