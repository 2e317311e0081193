using System;
using System.Runtime;
using System.Runtime.CompilerServices;

namespace Bulkhead.Runtime.Exceptions
{
    /// <summary>
    /// The assembly side of exception dispatch (corelib-rich/&lt;arch&gt;/eh.S): funclet thunks, resume,
    /// and the few addresses and facts that differ per architecture, read once from eh_addresses.
    /// </summary>
    internal static unsafe class EhRuntime
    {
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "eh_call_funclet")]
        public static extern ulong CallFunclet(object exception, ulong funclet, ulong* frame, ExInfo* info);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "eh_call_catch")]
        public static extern void CallCatch(object exception, ulong funclet, ulong* frame, ExInfo* info);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "eh_resume")]
        public static extern void Resume(ulong* frame);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "eh_addresses")]
        private static extern void Addresses(ulong* facts);

        // What eh_addresses fills in (its order).
        private const int FuncletReturnFact = 0, CatchReturnFact = 1, FilterFailedFact = 2, EhFrameStartFact = 3,
            EhFrameEndFact = 4, SpRegisterFact = 5, ReturnAddressFact = 6, ThunkExInfoOffsetFact = 7,
            TypeNamesFact = 8, HardwareThrowFact = 9, FactCount = 10;

        public static ulong FuncletReturn, CatchReturn, FilterFailed, EhFrameStart, EhFrameEnd, TypeNames;
        /// <summary>x64: eh_hardware_throw, where a trap in managed code resumes to throw (0 on arm64).</summary>
        public static ulong HardwareThrow;
        /// <summary>DWARF number of the stack pointer (31 on arm64, 7 on x64) and of the return address column (30 / 16).</summary>
        public static int SpRegister, ReturnAddressRegister;
        /// <summary>Where a funclet thunk keeps its ExInfo*, from the stack pointer at its funclet call.</summary>
        public static ulong ThunkExInfoOffset;
        private static bool s_ready;

        public static void EnsureReady()
        {
            if (s_ready) return;
            ulong* facts = stackalloc ulong[FactCount];
            Addresses(facts);
            FuncletReturn = facts[FuncletReturnFact];
            CatchReturn = facts[CatchReturnFact];
            FilterFailed = facts[FilterFailedFact];
            EhFrameStart = facts[EhFrameStartFact];
            EhFrameEnd = facts[EhFrameEndFact];
            SpRegister = (int)facts[SpRegisterFact];
            ReturnAddressRegister = (int)facts[ReturnAddressFact];
            ThunkExInfoOffset = facts[ThunkExInfoOffsetFact];
            TypeNames = facts[TypeNamesFact];
            HardwareThrow = facts[HardwareThrowFact];
            s_ready = true; // several vCPUs may get here at once: they all store the same values
        }
    }

    /// <summary>
    /// A frame's register context, as ulongs (the layout eh.S shares): pc, sp, the general registers by
    /// DWARF number, d8-d15 (arm64), and a spare slot. The pc is always a return address (a trap passes
    /// the faulting address plus one instruction), so lookups use pc - 1.
    /// </summary>
    internal static class Ctx
    {
        public const int Pc = 0, Sp = 1, Gpr = 2, GprCount = 32, Fpr = 34, FprCount = 8, Flags = 42, Size = 43;
        /// <summary>The slots eh.S writes (everything but Flags).</summary>
        public const int AsmSize = 42;
        /// <summary>DWARF register number of d8 on arm64 (v8).</summary>
        public const int DwarfD8 = 72;
    }

    /// <summary>
    /// One exception dispatch in progress, on the dispatcher's stack. A funclet thunk keeps a pointer to
    /// it, so a dispatch that unwinds out of a funclet continues in the funclet's parent frame.
    /// </summary>
    internal unsafe struct ExInfo
    {
        public IntPtr Exception;
        /// <summary>The clause whose funclet runs (a nested dispatch continues after it).</summary>
        public int ClauseIndex;
        public int FuncletKind;
        /// <summary>The context of the frame whose funclet runs.</summary>
        public fixed ulong Frame[Ctx.Size];

        public const int Catch = 0, Finally = 1, Filter = 2;
    }
}
