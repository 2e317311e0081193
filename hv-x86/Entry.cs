using Bulkhead.Generated;
using System;
using System.Runtime;
using System.Runtime.InteropServices;
using Bulkhead.Core;
using Bulkhead.Core.Partition;
using Bulkhead.Core.Plan;
using Bulkhead.Runtime;
using Internal.Runtime.CompilerHelpers;

namespace Bulkhead.X86
{
    /// <summary>The C# entry points the boot assembly and the IDT stubs call.</summary>
    internal static unsafe partial class Entry
    {
        [UnmanagedCallersOnly(EntryPoint = "kmain")]
        private static void KernelMain(ulong multibootInfo, ulong heapStart, ulong heapEnd, IntPtr* modulesStart, IntPtr* modulesEnd)
        {
            Heap.Initialize(heapStart, heapEnd);
            StartupCodeHelpers.InitializeModules(modulesStart, modulesEnd);
            PageAllocator.Initialize();
            Uart16550.Initialize((uint)BoardConfig.UartBase);
            // The hypervisor never takes interrupts: mask the legacy PICs the firmware left on.
            Cpu.OutByte(Registers.PicMasterData, 0xFF);
            Cpu.OutByte(Registers.PicSlaveData, 0xFF);

            VmxStatus vmx = VmxSetup.Enable();
            Tsc.Calibrate();

            BootInfo info;
            info.Version = BoardConfig.Version;
            info.Board = BoardConfig.Board;
            info.BoardCores = BoardConfig.CoreCount;
            Hypervisor<X64Architecture>.Boot(info);
            RunSelfTests();

            if (BoardConfig.InjectFault) Cpu.TouchUnmapped(); // self-test of the panic path

            if (vmx != VmxStatus.Ok)
            {
                HvConsole<X64Architecture>.WriteLine(string.Concat("hv: VT-x unavailable: ", VmxSetup.Describe(vmx)));
                HvConsole<X64Architecture>.WriteLine("hv: no domain can run without VT-x, powering off");
                X64Architecture.PowerOff();
            }
            if (Cpu.PayloadPlanSize() == 0)
            {
                HvConsole<X64Architecture>.WriteLine("hv: nothing to run, powering off");
                X64Architecture.PowerOff();
            }
            StartPartition(X64Architecture.CountCores(BoardConfig.CoreCount));
        }

        /// <summary>Validates the plan, builds every domain's EPT, loads the images, starts the cores. Runs on the boot core.</summary>
        private static void StartPartition(int physicalCores)
        {
            PlanError error = PlanReader.Open((byte*)Cpu.PayloadPlanStart(), (uint)Cpu.PayloadPlanSize(), out PlanReader plan);
            if (error != PlanError.None)
                Hypervisor<X64Architecture>.Panic(string.Concat("partition plan rejected: ", PlanErrors.Describe(error)));
            if (!Ascii.FieldEquals(plan.BoardId, PlanFormat.BoardIdLength, BoardConfig.Board))
                Hypervisor<X64Architecture>.Panic("partition plan rejected: it was made for another board");
            if (plan.Arch != PlanArch.X86_64)
                Hypervisor<X64Architecture>.Panic("partition plan rejected: it was made for another architecture");

            uint domains = plan.DomainCount;
            string? problem = PartitionTable.Build(plan, (ulong*)Cpu.PayloadImageTable(), (uint)Cpu.PayloadImageCount(), physicalCores,
                (byte*)Heap.AllocateRaw(plan.CoreCount * PartitionTable.LineCapacity)); // one console line per vCPU
            if (problem != null) Hypervisor<X64Architecture>.Panic(string.Concat("partition plan rejected: ", problem));

            Ept.BuildAll();
            Park.Initialize(PartitionTable.Cores.Length);
            Vcpu.Cores = new VcpuState[PartitionTable.Cores.Length];
            for (int d = 0; d < (int)domains; d++)
            {
                Describe(d);
                DomainControl<X64Architecture>.Load(d);
            }
            if (!Vcpu.PrepareCore(0)) Hypervisor<X64Architecture>.Panic("could not create the boot core's VMCS");

            Smp.Prepare();
            for (int core = 1; core < PartitionTable.Cores.Length; core++)
            {
                if (PartitionTable.Cores[core].Domain < 0) continue; // unowned cores stay off
                if (!Smp.Start(core, (uint)PartitionTable.Cores[core].Mpidr))
                    DomainConsole<X64Architecture>.HvLine(string.Concat("hv: core ", core.ToString(), " did not start (no answer to INIT-SIPI-SIPI)"));
            }
            Vcpu.Run(0);
        }

        private static void Describe(int d)
        {
            ref Domain domain = ref PartitionTable.Domains[d];
            string cores = "";
            for (int c = 0; c < PartitionTable.Cores.Length; c++)
                if (PartitionTable.Cores[c].Domain == d) cores = string.Concat(cores, cores.Length == 0 ? "" : ",", c.ToString());
            DomainConsole<X64Architecture>.HvLine(string.Concat(
                string.Concat("hv: domain ", domain.Name, " on core ", cores),
                string.Concat(", entry 0x", domain.Plan.EntryPoint.ToString("x"), ", image ", domain.PayloadSize.ToString()),
                " bytes, EPT identity"));
        }

        /// <summary>Application processors arrive here from boot/ap.S (long mode, own stack and TSS).</summary>
        [UnmanagedCallersOnly(EntryPoint = "hv_secondary")]
        private static void Secondary(int core)
        {
            VmxStatus vmx = VmxSetup.Enable();
            bool ready = vmx == VmxStatus.Ok && Vcpu.PrepareCore(core);
            Smp.ReportReady(core);
            if (!ready)
            {
                DomainConsole<X64Architecture>.HvLine(string.Concat("hv: core ", core.ToString(), ": VT-x unavailable: ", VmxSetup.Describe(vmx)));
                X64Architecture.Halt();
            }
            Vcpu.Run(core);
        }

        /// <summary>Test images link in an implementation; otherwise the call vanishes.</summary>
        static partial void RunSelfTests();

        /// <summary>Every exception taken by the hypervisor itself lands here: all of them are fatal.</summary>
        [UnmanagedCallersOnly(EntryPoint = "hv_trap")]
        private static void Trap(TrapFrame* frame, ulong cr2)
        {
            if (frame->Vector == 2) return; // an NMI is another core's SignalCore: nothing to do outside a guest
            HvConsole<X64Architecture>.Write("PANIC: unexpected exception in the hypervisor: ");
            HvConsole<X64Architecture>.Write(ExceptionName.Of(frame->Vector));
            HvConsole<X64Architecture>.Write(" (vector ");
            HvConsole<X64Architecture>.Write(((int)frame->Vector).ToString());
            HvConsole<X64Architecture>.Write(") error=");
            HvConsole<X64Architecture>.WriteHex(frame->ErrorCode, 1);
            HvConsole<X64Architecture>.Write(" CR2=");
            HvConsole<X64Architecture>.WriteHex(cr2, 16);
            HvConsole<X64Architecture>.Write(" RIP=");
            HvConsole<X64Architecture>.WriteHex(frame->Rip, 16);
            HvConsole<X64Architecture>.WriteLine("");
            X64Architecture.Halt();
        }

        /// <summary>Runtime failures (bounds, null, out of memory) inside the hypervisor.</summary>
        [RuntimeExport("bh_fatal")]
        private static void Fatal(string message, ulong detail)
        {
            HvConsole<X64Architecture>.Write("PANIC: hypervisor runtime failure: ");
            HvConsole<X64Architecture>.Write(message);
            HvConsole<X64Architecture>.Write(" ");
            HvConsole<X64Architecture>.WriteHex(detail, 1);
            HvConsole<X64Architecture>.WriteLine("");
            X64Architecture.Halt();
        }
    }
}
