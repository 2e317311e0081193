using Bulkhead.Generated;
using Bulkhead.Core;
using Bulkhead.Core.Partition;
using Bulkhead.Core.Text;
using Bulkhead.Core.Time;
using Bulkhead.Runtime;

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

        public static ulong HeapUsed => Heap.Used;

        public static unsafe uint AtomicSwap(uint* location, uint value) => Cpu.Exchange(location, value);

        /// <summary>x86 stores are already release-ordered (TSO); the call keeps the compiler from reordering.</summary>
        public static unsafe void StoreRelease(uint* location, uint value) => Cpu.StoreRelease(location, value);

        public static ulong NowNs => CounterClock.ToNanoseconds(Cpu.ReadTsc(), Tsc.Hz);

        /// <summary>Nothing to arm: every VM entry folds the watchdog deadline into the VMX-preemption timer.</summary>
        public static void ArmWatchdog(int core, ulong deadlineNs) { }

        public static void DisarmWatchdog(int core) { }

        public static void PreparePartition(int domains, int cores)
        {
            Ept.Initialize(domains);
            Park.Initialize(cores);
            Vcpu.Cores = new VcpuState[cores];
            Smp.Prepare();
        }

        public static void BuildAddressSpace(int domain) => Ept.Build(domain);

        /// <summary>x86 caches are coherent with every access, whatever the guest's paging and cache settings.</summary>
        public static void PublishToGuest(ulong address, ulong size) { }

        public static string? StartCore(int core)
            => Smp.Start(core, (uint)PartitionTable.Cores[core].HardwareId) ? null : "no answer to INIT-SIPI-SIPI";

        public static void RunCore(int core)
        {
            // Application processors made their VMCS before reporting in (Entry.Secondary).
            if (core == 0 && !Vcpu.PrepareCore(0)) Hypervisor<X64Architecture>.Panic("could not create the boot core's VMCS");
            Vcpu.Run(core);
        }

        /// <summary>Rings the core's doorbell and sends it an NMI (LocalApic.SignalCore).</summary>
        public static void SignalCore(int core) => BoardInterruptController.SignalCore(core);

        /// <summary>A doorbell: a vector pended in the reader's vCPU 0 (VirtualInterrupts.RaiseDoorbell).</summary>
        public static void RaiseInterrupt(int callerCore, uint intId) => BoardInterruptController.RaiseDomainInterrupt(callerCore, intId);

        /// <summary>The SDK's PSCI calls name vCPUs by index.</summary>
        public static int VcpuOfTargetId(ulong targetId) => targetId <= 0xFF ? (int)targetId : -1;

        public static void AppendFaultRegisters(ref LineBuffer line, ulong syndrome, ulong pc)
        {
            line.Append("qualification=");
            line.AppendHex(syndrome, 1);
            line.Append(", RIP=");
            line.AppendHex(pc, 16);
        }

        public static void Halt()
        {
            Uart16550.Drain((uint)BoardConfig.UartBase);
            Cpu.Halt();
        }
    }
}
