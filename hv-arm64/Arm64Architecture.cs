using System.Runtime.CompilerServices;
using Bulkhead.Arm64.Gic;
using Bulkhead.Core;
using Bulkhead.Core.Abi;
using Bulkhead.Core.Emulation;
using Bulkhead.Core.Partition;
using Bulkhead.Core.Text;
using Bulkhead.Core.Time;
using Bulkhead.Runtime;
using Bulkhead.Generated;

namespace Bulkhead.Arm64
{
    /// <summary>The ARM64 EL2 implementation of the core's architecture contract.</summary>
    internal unsafe struct Arm64Architecture : IArchitecture
    {
        /// <summary>CNTFRQ_EL0, read once at boot (exact conversions; nothing a guest can change later).</summary>
        public static ulong CounterHz;

        /// <summary>CounterClock.WholeNsPerTick(CounterHz), set with it at boot; 0 = convert exactly by division.</summary>
        public static ulong NsPerTick;

        public static string Name => "arm64";

        public static string PrivilegeLevel => Cpu.ExceptionLevel == 2 ? "EL2" : "an unexpected exception level";

        /// <summary>The board's console UART; ConsoleUart is chosen at build time (BoardSeams.g.cs).</summary>
        public static void ConsolePut(byte value) => ConsoleUart.Put(BoardConfig.UartBase, value);

        public static int CountCores(int limit)
        {
            if (!BoardConfig.HasPsci) return limit;
            // Ask the firmware about each MPIDR the board lists; unknown cores end the count.
            int count = 0;
            while (count < limit && Psci.CoreExists(BoardConfig.CoreMpidr(count))) count++;
            return count;
        }

        public static void PowerOff()
        {
            if (BoardConfig.HasPsci) Psci.SystemOff();
            HvConsole<Arm64Architecture>.WriteLine("hv: no firmware power-off on this board; halting");
            Halt();
        }

        public static void Halt() => Cpu.Halt();

        /// <summary>TPIDR_EL2 holds the core index (set when the core starts).</summary>
        public static int CurrentCore => (int)Cpu.ReadTpidr();

        public static ulong HeapUsed => Heap.Used;

        public static uint AtomicSwap(uint* location, uint value) => Cpu.AtomicSwap32(location, value);

        public static void StoreRelease(uint* location, uint value) => Cpu.StoreRelease32(location, value);

        public static ulong NowNs
        {
            [MethodImpl(MethodImplOptions.AggressiveInlining)] // HEARTBEAT's fast path
            get
            {
                ulong ticks = Cpu.ReadCounter();
                return NsPerTick != 0 ? ticks * NsPerTick : CounterClock.ToNanoseconds(ticks, CounterHz);
            }
        }

        /// <summary>The EL2 physical timer (CNTHP) and its PPI on this core.</summary>
        public static void ArmWatchdog(int core, ulong deadlineNs)
        {
            PhysicalGic.SetEnabled(core, BoardConfig.HypTimerIntId, true);
            Cpu.WriteHypTimerCompare(CounterClock.ToTicks(deadlineNs, CounterHz));
            Cpu.WriteHypTimerControl(Registers.CnthpCtlEnable);
        }

        public static void DisarmWatchdog(int core) => Cpu.WriteHypTimerControl(0);

        public static void PreparePartition(int domains, int cores)
        {
            GuestRam.Colors = BoardConfig.LlcColors; // before stage 2: coloured domains' RAM is mapped by colour
            Stage2.Configure(domains);
            PhysicalGic.InitializeDistributor(cores);
            VirtualInterrupts.Initialize(cores);
            InterruptRouting.Prepare(domains);
            if (Vcpu.PrepareDirectInterrupts() is { } why) Hypervisor<Arm64Architecture>.Panic(why);
            if (!DistributorEmulation.Initialize(domains)) Hypervisor<Arm64Architecture>.Panic("partition plan rejected: a domain has more emulated register ranges than the MMIO table holds");
            if (!ConsoleUart<Arm64Architecture>.AddRanges(BoardConfig.UartBase)) Hypervisor<Arm64Architecture>.Panic("partition plan rejected: a domain has more emulated register ranges than the MMIO table holds");
            _ = ExceptionClass.Name(0); // the fault-line name table exists before the first fault (nothing is allocated after boot)
            FastCalls.Prepare();
        }

        /// <summary>Stage 2 per domain; after the last one, the SMMU (its streams use the owners' address spaces).</summary>
        public static void BuildAddressSpace(int domain)
        {
            Stage2.Build(domain);
            if (domain == PartitionTable.Domains.Length - 1) Smmu.Smmuv3.Configure();
        }

        public static void PublishToGuest(ulong address, ulong size) => Cpu.SyncCaches(address, size);

        /// <summary>By the board's enable method: PSCI CPU_ON through the firmware, or the core's spin table.</summary>
        public static string? StartCore(int core)
        {
            if (!BoardConfig.HasPsci) return SpinTable.Start(core);
            long status = Psci.Call(PsciFunction.CpuOn64, PartitionTable.Cores[core].HardwareId, Cpu.SecondaryEntry(), (ulong)core);
            return status == 0 ? null : string.Concat("PSCI status ", status.ToString());
        }

        public static void RunCore(int core)
        {
            Vcpu.PrepareCore(core);
            Vcpu.Continue(core, DomainControl<Arm64Architecture>.CheckIn(core));
            Vcpu.Park(core);
        }

        public static void SignalCore(int core)
        {
            Cpu.DataSyncBarrier(); // the state the other core will read is visible before the SGI
            BoardInterruptController.SignalCore(core);
        }

        /// <summary>A doorbell is an SPI: the distributor delivers it to the core it is routed to (its owner's).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)] // CHANNEL_NOTIFY's fast path
        public static void RaiseInterrupt(int callerCore, uint intId) => BoardInterruptController.RaiseDomainInterrupt(callerCore, intId);

        /// <summary>A guest names its vCPUs by virtual MPIDR: Aff0 = vCPU index, Aff1-Aff3 zero.</summary>
        public static int VcpuOfTargetId(ulong targetId)
            => (targetId & ~Registers.MpidrAff0Mask) == 0 ? (int)targetId : -1;

        public static void AppendFaultRegisters(ref LineBuffer line, ulong syndrome, ulong pc)
        {
            line.Append("ESR=");
            line.AppendHex(syndrome, 8);
            line.Append(", PC=");
            line.AppendHex(pc, 16);
        }
    }
}
