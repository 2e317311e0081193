using Bulkhead.Generated;
using System;
using System.Runtime;
using System.Runtime.InteropServices;
using Bulkhead.Core;
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
                HvConsole<X64Architecture>.WriteLine("hv: no domains can run without VT-x, powering off");
                X64Architecture.PowerOff();
            }

            DomainRunner.RunAll(multibootInfo);
            X64Architecture.PowerOff();
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
