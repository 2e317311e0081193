using System;
using System.Runtime;
using System.Runtime.InteropServices;
using Bulkhead.Generated;
using Bulkhead.Runtime;
using Internal.Runtime.CompilerHelpers;

namespace Bulkhead.Guest.Platform
{
    /// <summary>The context the IDT stubs save (boot/idt.S).</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct TrapFrame
    {
        public ulong R15, R14, R13, R12, R11, R10, R9, R8;
        public ulong Rbp, Rdi, Rsi, Rdx, Rcx, Rbx, Rax;
        public ulong Vector, ErrorCode;
        public ulong Rip, Cs, Rflags, Rsp, Ss;
    }

    /// <summary>The C# entry points of the x64 guest runtime (called from boot/entry.S and boot/idt.S).</summary>
    internal static unsafe class GuestEntry
    {
        [UnmanagedCallersOnly(EntryPoint = "guest_main")]
        private static void Main(ulong vcpu, ulong heapStart, ulong heapEnd, IntPtr* modulesStart, IntPtr* modulesEnd)
        {
            if (vcpu == 0)
            {
                if (GuestConfig.Native) NativePc.Initialize(); // no hypervisor: the APIC and the TSC frequency are ours
                Heap.Initialize(heapStart, heapEnd);
                StartupCodeHelpers.InitializeModules(modulesStart, modulesEnd);
                GuestRuntime.InitializeTables();
#if BULKHEAD_RICH
                GcHeap.Initialize(GuestConfig.HeapSize); // objects allocated so far stay in the bump heap for good
#endif
            }
#if BULKHEAD_RICH
            GcWorld.Register((int)vcpu);                 // this vCPU's stack is a root; it stops for collections
#endif
            GuestRuntime.RunVcpu((int)vcpu);
        }

        /// <summary>Interrupts: the timer and IPIs (vector 0x20 + interrupt id). No EOI under hv-x86 (its emulated x2APIC needs none); natively the real APIC does.</summary>
        [UnmanagedCallersOnly(EntryPoint = "guest_irq")]
        private static void Irq(ulong vector)
        {
            Interrupts.Dispatch((uint)(vector - Gic.FirstVector));
            if (GuestConfig.Native) NativePc.EndOfInterrupt();
        }

        /// <summary>An exception is a bug in the service: report it; the hypervisor stops or restarts the domain.</summary>
        [UnmanagedCallersOnly(EntryPoint = "guest_trap")]
        private static void Trap(TrapFrame* frame)
        {
#if BULKHEAD_RICH
            // Division by zero and null dereferences in managed code are .NET exceptions in rich services.
            if (Bulkhead.Runtime.Exceptions.HardwareExceptions.RedirectX64(frame->Vector, &frame->Rip, &frame->Rdi, &frame->Rsi)) return;
#endif
            GuestRuntime.Fatal(string.Concat(
                string.Concat("exception ", frame->Vector.ToString(), " (error 0x", frame->ErrorCode.ToString("x")),
                string.Concat(", RIP=0x", frame->Rip.ToString("x"), ")")), frame->Rip);
        }

        /// <summary>Runtime failures (bounds, null, out of memory) inside the service.</summary>
        [RuntimeExport("bh_fatal")]
        private static void RuntimeFatal(string message, ulong detail) => GuestRuntime.Fatal(message, detail);
    }
}
