using System;
using System.Runtime;
using System.Runtime.InteropServices;
using Bulkhead.Arm64.Gic;
using Bulkhead.Core;
using Bulkhead.Core.Abi;
using Bulkhead.Core.Partition;
using Bulkhead.Core.Plan;
using Bulkhead.Core.Text;
using Bulkhead.Generated;
using Bulkhead.Runtime;
using Internal.Runtime.CompilerHelpers;

namespace Bulkhead.Arm64
{
    /// <summary>The C# entry points the boot assembly and the vectors call.</summary>
    internal static unsafe partial class Entry
    {
        private static ulong s_bannerNs;

        [UnmanagedCallersOnly(EntryPoint = "kmain")]
        private static void KernelMain(ulong bootArgument, ulong heapStart, ulong heapEnd, IntPtr* modulesStart, IntPtr* modulesEnd)
        {
            Heap.Initialize(heapStart, heapEnd);
            StartupCodeHelpers.InitializeModules(modulesStart, modulesEnd);
            Cpu.WriteTpidr(0);
            Cpu.InstallVectors(Cpu.VectorBase());

            BootInfo info;
            info.Version = BoardConfig.Version;
            info.Board = BoardConfig.Board;
            info.BoardCores = BoardConfig.CoreCount;
            Hypervisor<Arm64Architecture>.Boot(info);
            s_bannerNs = Cpu.Nanoseconds;
            RunSelfTests();

            if (BoardConfig.InjectFault) Cpu.TouchUnmapped(); // self-test of the panic path

            if (Cpu.PayloadPlanSize() == 0)
            {
                HvConsole<Arm64Architecture>.WriteLine("hv: nothing to run, powering off");
                Arm64Architecture.PowerOff();
            }
            StartPartition(Arm64Architecture.CountCores(BoardConfig.CoreCount));
        }

        /// <summary>Validates the plan, builds every domain, starts the cores. Runs on the boot core.</summary>
        private static void StartPartition(int physicalCores)
        {
            PlanError error = PlanReader.Open((byte*)Cpu.PayloadPlanStart(), (uint)Cpu.PayloadPlanSize(), out PlanReader plan);
            if (error != PlanError.None)
                Hypervisor<Arm64Architecture>.Panic(string.Concat("partition plan rejected: ", PlanErrors.Describe(error)));
            if (!Ascii.FieldEquals(plan.BoardId, PlanFormat.BoardIdLength, BoardConfig.Board))
                Hypervisor<Arm64Architecture>.Panic("partition plan rejected: it was made for another board");

            uint domains = plan.DomainCount;
            string? problem = PartitionTable.Build(plan, (ulong*)Cpu.PayloadImageTable(), (uint)Cpu.PayloadImageCount(), physicalCores,
                (byte*)Heap.AllocateRaw(plan.CoreCount * PartitionTable.LineCapacity));
            if (problem != null) Hypervisor<Arm64Architecture>.Panic(string.Concat("partition plan rejected: ", problem));

            Stage2.Configure((int)domains);
            PhysicalGic.InitializeDistributor(PartitionTable.Cores.Length);
            VirtualInterrupts.Initialize(PartitionTable.Cores.Length);
            DistributorEmulation.Initialize((int)domains);
            for (int d = 0; d < (int)domains; d++)
            {
                Stage2.Build(d);
                Describe(d);
                DomainControl<Arm64Architecture>.Load(d);
            }

            for (int core = 1; core < PartitionTable.Cores.Length; core++)
            {
                if (PartitionTable.Cores[core].Domain < 0) continue; // unowned cores stay off
                long status = Psci.Call(PsciFunction.CpuOn64, PartitionTable.Cores[core].Mpidr, Cpu.SecondaryEntry(), (ulong)core);
                if (status != 0)
                    DomainConsole<Arm64Architecture>.HvLine(string.Concat("hv: core ", core.ToString(), " did not start (PSCI status ", status.ToString(), ")"));
            }
            DomainConsole<Arm64Architecture>.HvLine(string.Concat(
                string.Concat("hv: boot timeline: banner at ", s_bannerNs.ToString(), " ns"),
                string.Concat(", domains started at ", Cpu.Nanoseconds.ToString(), " ns")));
            LineBuffer heap = default; // assembled without allocating, so the figure is final
            heap.Append("hv: heap used after boot: ");
            heap.AppendDecimal(Heap.Used);
            heap.Append(" bytes");
            DomainConsole<Arm64Architecture>.HvLine(ref heap);
            RunCore(0);
        }

        private static void Describe(int d)
        {
            ref Domain domain = ref PartitionTable.Domains[d];
            string cores = "";
            for (int c = 0; c < PartitionTable.Cores.Length; c++)
                if (PartitionTable.Cores[c].Domain == d) cores = string.Concat(cores, cores.Length == 0 ? "" : ",", c.ToString());
            DomainConsole<Arm64Architecture>.HvLine(string.Concat(
                string.Concat("hv: domain ", domain.Name, cores.Length > 1 ? " on cores " : " on core ", cores),
                string.Concat(", entry 0x", domain.Plan.EntryPoint.ToString("x"), ", image ", domain.PayloadSize.ToString()),
                " bytes"));
        }

        /// <summary>Secondary cores arrive here from boot/entry.S (MMU on, own stack).</summary>
        [UnmanagedCallersOnly(EntryPoint = "hv_secondary")]
        private static void Secondary(ulong core)
        {
            Cpu.WriteTpidr(core);
            Cpu.InstallVectors(Cpu.VectorBase());
            RunCore((int)core);
        }

        private static void RunCore(int core)
        {
            Vcpu.PrepareCore(core);
            CoreAction action = DomainControl<Arm64Architecture>.CheckIn(core);
            if (action == CoreAction.Enter) Vcpu.Enter(core);
            Vcpu.Park(core);
        }

        /// <summary>Test images link in an implementation (tests/Bulkhead.Tests/native); otherwise the call vanishes.</summary>
        static partial void RunSelfTests();

        /// <summary>Every exception taken to EL2 lands here.</summary>
        [UnmanagedCallersOnly(EntryPoint = "hv_trap")]
        private static void Trap(TrapFrame* frame, ulong kind)
        {
            int core = Arm64Architecture.CurrentCore;
            if (kind >= (ulong)VectorKind.LowerA64Sync) PartitionTable.Cores[core].Traps++;
            switch ((VectorKind)kind)
            {
                case VectorKind.LowerA64Sync:
                    GuestTraps.Synchronous(frame, core);
                    return;
                case VectorKind.LowerA64Irq:
                    if (InterruptRouting.Handle(core)) Vcpu.Continue(core, DomainControl<Arm64Architecture>.CheckIn(core));
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
        private static void Fatal(string message, ulong detail)
        {
            HvConsole<Arm64Architecture>.Write("PANIC: hypervisor runtime failure: ");
            HvConsole<Arm64Architecture>.Write(message);
            HvConsole<Arm64Architecture>.Write(" ");
            HvConsole<Arm64Architecture>.WriteHex(detail, 1);
            HvConsole<Arm64Architecture>.WriteLine("");
            Arm64Architecture.Halt();
        }
    }
}
