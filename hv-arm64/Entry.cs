using System;
using System.Runtime;
using System.Runtime.InteropServices;
using Bulkhead.Core;
using Bulkhead.Core.Boot;
using Bulkhead.Core.Partition;
using Bulkhead.Core.Plan;
using Bulkhead.Generated;
using Bulkhead.Runtime;
using Internal.Runtime.CompilerHelpers;

namespace Bulkhead.Arm64
{
    /// <summary>The C# entry points the boot assembly and the vectors call. The boot flow itself is hv-core's.</summary>
    internal static unsafe partial class Entry
    {
        [UnmanagedCallersOnly(EntryPoint = "kmain")]
        private static void KernelMain(ulong bootArgument, ulong heapStart, ulong heapEnd, IntPtr* modulesStart, IntPtr* modulesEnd)
        {
            Heap.Initialize(heapStart, heapEnd);
            ConsoleUart.Initialize(BoardConfig.UartBase);
            StartupCodeHelpers.InitializeModules(modulesStart, modulesEnd);
            Cpu.WriteTpidr(0);
            Cpu.InstallVectors(Cpu.VectorBase());
            Arm64Architecture.CounterHz = Cpu.ReadCounterFrequency();
            Arm64Architecture.NsPerTick = Core.Time.CounterClock.WholeNsPerTick(Arm64Architecture.CounterHz);

            BootInfo info = EmbeddedPayload.Describe(BoardConfig.Version, BoardConfig.Board, BoardConfig.CoreCount);
            info.FirmwareDeviceTree = bootArgument; // x0 at _start
            int cores = Hypervisor<Arm64Architecture>.Boot(info);
            HvColoring.Check(); // a coloured system: the hypervisor's own pages are of colour 0 (boot/hv-color.S)
            if (Arm64Architecture.CounterHz == 0)
                Hypervisor<Arm64Architecture>.Panic("the firmware left the counter frequency (CNTFRQ_EL0) at 0");
            RunSelfTests();

            if (BoardConfig.InjectFault) Cpu.TouchUnmapped(); // self-test of the panic path
            Hypervisor<Arm64Architecture>.StartPartition(info, cores, PlanArch.Arm64);
        }

        /// <summary>Secondary cores arrive here from boot/entry.S (MMU on, own stack).</summary>
        [UnmanagedCallersOnly(EntryPoint = "hv_secondary")]
        private static void Secondary(ulong core)
        {
            Cpu.WriteTpidr(core);
            Cpu.InstallVectors(Cpu.VectorBase());
            Arm64Architecture.RunCore((int)core);
        }

        /// <summary>Test images link in an implementation (tests/Bulkhead.Tests/native); otherwise the call vanishes.</summary>
        static partial void RunSelfTests();

        /// <summary>Every exception taken to EL2 lands here.</summary>
        [UnmanagedCallersOnly(EntryPoint = "hv_trap")]
        private static void Trap(TrapFrame* frame, ulong kind)
        {
            int core = Arm64Architecture.CurrentCore;
            if (kind >= (ulong)VectorKind.LowerA64Sync) PartitionTable.Runs[core].Traps++;
            switch ((VectorKind)kind)
            {
                case VectorKind.LowerA64Sync:
                    GuestTraps.Synchronous(frame, core);
                    return;
                case VectorKind.LowerA64Fiq:
                    // The hypervisor's Group 0 interrupts on a direct-interrupt core (DirectCore).
                    if (Gic.DirectCore.HandleFiq(core)) Vcpu.Continue(core, DomainControl<Arm64Architecture>.CheckIn(core));
                    return;
                case VectorKind.CurrentSpxIrq:
                    InterruptRouting.Handle(core); // a parked core: Park() re-checks after the interrupt
                    return;
                case VectorKind.LowerA64SError:
                    Vcpu.Continue(core, GuestTraps.Fault(core, "SError (asynchronous abort)", frame, frame->Far));
                    return;
            }
            Panic(frame, kind);
        }

        /// <summary>
        /// A hypercall on the fast list that its entry in FastCalls did not serve (the vCPU was not
        /// live): the full check and dispatch, as on the generic path. Only x0-x18, ELR and SPSR
        /// are in the frame (boot/vectors.S), which is all a hypercall reads or writes.
        /// </summary>
        /// <remarks>A runtime export (no transition frame): called from the vectors with this core's index.</remarks>
        [RuntimeExport("hv_fast_fallback")]
        private static void FastFallback(TrapFrame* frame, int core)
        {
            PartitionTable.Runs[core].Traps++;
            GuestTraps.FastHypercall(frame, core);
        }

        /// <summary>A physical interrupt while this core's guest ran (boot/vectors.S: only x0-x18, ELR and SPSR are in the frame; x30 is saved in x19's slot).</summary>
        [RuntimeExport("hv_guest_irq")]
        private static void GuestIrq(TrapFrame* frame, int core)
        {
            PartitionTable.Runs[core].Traps++;
            if (InterruptRouting.Handle(core)) Vcpu.Continue(core, DomainControl<Arm64Architecture>.CheckIn(core));
        }

        private static void Panic(TrapFrame* frame, ulong kind)
        {
            uint ec = frame->ExceptionClass;
            HvConsole<Arm64Architecture>.Write("PANIC: unexpected exception at EL2: ");
            HvConsole<Arm64Architecture>.Write(ExceptionClass.Name(ec));
            HvConsole<Arm64Architecture>.Write(" (vector ");
            HvConsole<Arm64Architecture>.Write(((int)kind).ToString());
            HvConsole<Arm64Architecture>.Write(") EC=");
            HvConsole<Arm64Architecture>.WriteHex(ec, 2);
            HvConsole<Arm64Architecture>.Write(" ESR=");
            HvConsole<Arm64Architecture>.WriteHex(frame->Esr, 8);
            HvConsole<Arm64Architecture>.Write(" FAR=");
            HvConsole<Arm64Architecture>.WriteHex(frame->Far, 16);
            HvConsole<Arm64Architecture>.Write(" ELR=");
            HvConsole<Arm64Architecture>.WriteHex(frame->Elr, 16);
            HvConsole<Arm64Architecture>.WriteLine("");
            Arm64Architecture.Halt();
        }

        /// <summary>Runtime failures (bounds, null, out of memory) inside the hypervisor.</summary>
        [RuntimeExport("bh_fatal")]
        private static void Fatal(string message, ulong detail) => Hypervisor<Arm64Architecture>.RuntimeFailure(message, detail);
    }
}
