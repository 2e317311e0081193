using System;
using System.Runtime;
using System.Runtime.InteropServices;
using Bulkhead.Arm64;
using Bulkhead.Generated;
using Bulkhead.Runtime;
using Internal.Runtime.CompilerHelpers;

namespace Bulkhead.Guest.Platform
{
    /// <summary>The C# entry points of the ARM64 guest runtime (called from boot/entry.S and the vectors).</summary>
    internal static unsafe class GuestEntry
    {
        [UnmanagedCallersOnly(EntryPoint = "guest_main")]
        private static void Main(ulong vcpu, ulong heapStart, ulong heapEnd, IntPtr* modulesStart, IntPtr* modulesEnd)
        {
            if (vcpu == 0)
            {
                Heap.Initialize(heapStart, heapEnd);
                StartupCodeHelpers.InitializeModules(modulesStart, modulesEnd);
                GuestRuntime.InitializeTables();
                if (GuestConfig.Native) ConsoleUart.Initialize(BoardConfig.UartBase); // no hypervisor to print through
                Gic.InitializeDistributor();
#if BULKHEAD_RICH
                GcHeap.Initialize(GuestConfig.HeapSize); // objects allocated so far stay in the bump heap for good
#endif
            }
            Gic.InitializeCpu();
#if BULKHEAD_RICH
            GcWorld.Register((int)vcpu);                 // this vCPU's stack is a root; it stops for collections
#endif
            GuestRuntime.RunVcpu((int)vcpu);
        }

        /// <summary>
        /// Every interrupt (exception-vectors.inc saved only the caller-saved registers): acknowledge,
        /// the service's handler, end of interrupt. A runtime export (no transition frame): this is
        /// the path the bench's native interrupt figure measures.
        /// </summary>
        [RuntimeExport("guest_irq")]
        private static void Irq()
        {
            uint intId = Gic.Acknowledge();
            if (intId < Gic.Spurious)
            {
                Interrupts.Dispatch(intId);
                Gic.EndOfInterrupt(intId);
            }
        }

        /// <summary>Any exception but an interrupt is a bug in the service: report it to the hypervisor, which stops or restarts the domain per its policy.</summary>
        [UnmanagedCallersOnly(EntryPoint = "guest_trap")]
        private static void Trap(TrapFrame* frame, ulong kind)
        {
#if BULKHEAD_RICH
            // A null dereference in managed code is a NullReferenceException in rich services.
            if (Bulkhead.Runtime.Exceptions.HardwareExceptions.RedirectArm64(frame->Esr, frame->Far, &frame->Elr, &frame->X[0], &frame->X[1])) return;
#endif
            GuestRuntime.Fatal(string.Concat(
                string.Concat(ExceptionClass.Name(frame->ExceptionClass), " (ESR=0x", frame->Esr.ToString("x")),
                string.Concat(", FAR=0x", frame->Far.ToString("x"), ")")), frame->Elr);
        }

        /// <summary>Runtime failures (bounds, null, out of memory) inside the service.</summary>
        [RuntimeExport("bh_fatal")]
        private static void RuntimeFatal(string message, ulong detail) => GuestRuntime.Fatal(message, detail);
    }
}
