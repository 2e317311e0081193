using Bulkhead.Generated;
using Bulkhead.Core;

namespace Bulkhead.X86
{
    /// <summary>The x86-64 VT-x implementation of the core's architecture contract.</summary>
    internal struct X64Architecture : IArchitecture
    {
        public static string Name => "x64";

        public static string PrivilegeLevel => VmxRoot.IsOn ? "VMX root" : "ring 0";

        /// <summary>The board's console base is the COM port's I/O address (0x3F8 for COM1).</summary>
        public static void ConsolePut(byte value) => Uart16550.Put((uint)BoardConfig.UartBase, value);

        public static int CountCores(int limit) => Acpi.CountCores(limit);

        /// <summary>Emulator power-off ports first (QEMU isa-debug-exit, Bochs' shutdown port), then halt.</summary>
        public static unsafe void PowerOff()
        {
            Uart16550.Drain((uint)BoardConfig.UartBase);
            Cpu.OutByte(Registers.QemuDebugExit, 0);   // QEMU exits with status (0 << 1) | 1 = 1
            byte* shutdown = stackalloc byte[8];
            shutdown[0] = (byte)'S'; shutdown[1] = (byte)'h'; shutdown[2] = (byte)'u'; shutdown[3] = (byte)'t';
            shutdown[4] = (byte)'d'; shutdown[5] = (byte)'o'; shutdown[6] = (byte)'w'; shutdown[7] = (byte)'n';
            Cpu.OutString(Registers.BochsShutdown, shutdown, 8);
            HvConsole<X64Architecture>.WriteLine("hv: no power-off port on this board; halting");
            Halt();
        }

        /// <summary>The board's index of this core: its local APIC id looked up in the board's list.</summary>
        public static int CurrentCore
        {
            get
            {
                ulong apicId = Cpu.LocalApicId();
                for (int i = 0; i < BoardConfig.CoreCount; i++)
                    if (BoardConfig.CoreMpidr(i) == apicId) return i;
                return 0;
            }
        }

        public static unsafe uint AtomicSwap(uint* location, uint value) => Cpu.Exchange(location, value);

        /// <summary>x86 stores are already release-ordered (TSO); the call keeps the compiler from reordering.</summary>
        public static unsafe void StoreRelease(uint* location, uint value) => Cpu.StoreRelease(location, value);

        /// <summary>
        /// Rings the core's doorbell (wakes it if parked, see Park.cs) and sends it an NMI (a core
        /// in a guest takes a VM exit and re-reads its state).
        /// </summary>
        public static void SignalCore(int core)
        {
            Park.Ring(core);
            LocalApic.SendNmi((uint)BoardConfig.CoreMpidr(core));
        }

        public static void Halt()
        {
            Uart16550.Drain((uint)BoardConfig.UartBase);
            Cpu.Halt();
        }
    }
}
