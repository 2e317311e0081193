using Bulkhead.Generated;
using System;
using System.Runtime;
using System.Runtime.InteropServices;
using Bulkhead.Core;
using Bulkhead.Core.Boot;
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

            BootInfo info = EmbeddedPayload.Describe(BoardConfig.Version, BoardConfig.Board, BoardConfig.CoreCount);
            int cores = Hypervisor<X64Architecture>.Boot(info);
            RunSelfTests();

            if (BoardConfig.InjectFault) Cpu.TouchUnmapped(); // self-test of the panic path

            if (vmx != VmxStatus.Ok)
            {
                HvConsole<X64Architecture>.WriteLine(string.Concat("hv: VT-x unavailable: ", VmxSetup.Describe(vmx)));
                HvConsole<X64Architecture>.WriteLine("hv: no domain can run without VT-x, powering off");
                X64Architecture.PowerOff();
            }
            Hypervisor<X64Architecture>.StartPartition(info, cores, PlanArch.X86_64);
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
        private static void Fatal(string message, ulong detail) => Hypervisor<X64Architecture>.RuntimeFailure(message, detail);
    }
}
