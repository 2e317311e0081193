using Bulkhead.Generated;
using System;
using System.Runtime;
using System.Runtime.InteropServices;
using Bulkhead.Core;
using Bulkhead.Runtime;
using Internal.Runtime.CompilerHelpers;

namespace Bulkhead.Arm64
{
    /// <summary>The C# entry points the boot assembly and the vectors call.</summary>
    internal static unsafe partial class Entry
    {
        [UnmanagedCallersOnly(EntryPoint = "kmain")]
        private static void KernelMain(ulong bootArgument, ulong heapStart, ulong heapEnd, IntPtr* modulesStart, IntPtr* modulesEnd)
        {
            Heap.Initialize(heapStart, heapEnd);
            StartupCodeHelpers.InitializeModules(modulesStart, modulesEnd);
            Cpu.InstallVectors(Cpu.VectorBase());

            BootInfo info;
            info.Version = BoardConfig.Version;
            info.Board = BoardConfig.Board;
            info.BoardCores = BoardConfig.CoreCount;
            Hypervisor<Arm64Architecture>.Boot(info);
            RunSelfTests();

            if (BoardConfig.InjectFault) Cpu.TouchUnmapped(); // self-test of the panic path

            HvConsole<Arm64Architecture>.WriteLine("hv: nothing to run, powering off");
            Arm64Architecture.PowerOff();
        }

        /// <summary>Test images link in an implementation (tests/Bulkhead.Tests/native); otherwise the call vanishes.</summary>
        static partial void RunSelfTests();

        /// <summary>Every exception taken to EL2 lands here. Until domains exist, all of them are fatal.</summary>
        [UnmanagedCallersOnly(EntryPoint = "hv_trap")]
        private static void Trap(TrapFrame* frame, ulong kind)
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
