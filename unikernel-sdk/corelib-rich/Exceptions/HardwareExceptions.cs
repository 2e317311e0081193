using System;
using System.Runtime;
using System.Runtime.CompilerServices;

namespace Bulkhead.Runtime.Exceptions
{
    /// <summary>
    /// CPU exceptions in managed code that .NET turns into exceptions: ILCompiler relies on the
    /// hardware for x64 integer division by zero (#DE) and for null checks (a fault on page 0). The
    /// trap handlers (guest-*/GuestEntry.cs Trap) resume the faulting code in eh_hardware_throw (eh.S),
    /// which dispatches as if the faulting instruction had called a throw: its pc is just past the
    /// faulting address, as a return address (the unwinder looks up return address - 1, inside the
    /// faulting instruction, so the method and its try ranges are right). Only two caller-saved
    /// registers change, which are dead once the code throws. The first lookup may build the FDE
    /// index (an allocation) inside the trap handler. Null dereferences reach this only once a guest
    /// leaves page 0 unmapped in its own page tables: today both guest runtimes map it, so the read is
    /// the hypervisor's stage-2 (EPT) fault and the domain is stopped.
    /// </summary>
    internal static unsafe class HardwareExceptions
    {
        private const ulong DivideError = 0, PageFault = 14, NullPageEnd = 0x1000;

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "eh_fault_address")]
        private static extern ulong FaultAddress();

        /// <summary>x64: true when the trap becomes a throw (the trap handler then returns into eh_hardware_throw).</summary>
        public static bool RedirectX64(ulong vector, ulong* rip, ulong* rdi, ulong* rsi)
        {
            ulong kind;
            if (vector == DivideError) kind = ExceptionDispatch.KindDivideByZero;
            else if (vector == PageFault && FaultAddress() < NullPageEnd) kind = ExceptionDispatch.KindNullReference;
            else return false;
            EhRuntime.EnsureReady();
            if (EhRuntime.HardwareThrow == 0 || !FrameUnwinder.FindFde(*rip, out _)) return false; // not managed code: fatal
            *rdi = *rip + 1;
            *rsi = kind;
            *rip = EhRuntime.HardwareThrow;
            return true;
        }

        private const ulong EcDataAbortSameEl = 0x25;

        /// <summary>arm64: true when a data abort on page 0 in managed code becomes a NullReferenceException (the trap returns into eh_hardware_throw).</summary>
        public static bool RedirectArm64(ulong esr, ulong far, ulong* elr, ulong* x0, ulong* x1)
        {
            if (((esr >> 26) & 0x3F) != EcDataAbortSameEl || far >= NullPageEnd) return false;
            EhRuntime.EnsureReady();
            if (EhRuntime.HardwareThrow == 0 || !FrameUnwinder.FindFde(*elr, out _)) return false; // not managed code: fatal
            *x0 = *elr + 4;
            *x1 = ExceptionDispatch.KindNullReference;
            *elr = EhRuntime.HardwareThrow;
            return true;
        }
    }
}
