using System.Runtime.CompilerServices;
using Bulkhead.Core.Partition;
using Bulkhead.Generated;
using Bulkhead.Runtime;
using static Bulkhead.Arm64.Gic.GicRegisters;

namespace Bulkhead.Arm64.Gic
{
    /// <summary>GICv3: affinity routing, one redistributor per core, the CPU interface in system registers.</summary>
    internal struct PhysicalGicV3 : IPhysicalGic
    {
        private const ulong Distributor = BoardConfig.GicDistributor;
        private static ulong[] s_redistributor = null!;   // per core: its RD frame

        public static void InitializeDistributor(int coreCount)
        {
            s_redistributor = new ulong[coreCount];
            OwnedSpis<PhysicalGicV3>.Program(GicdCtlrV3Enable);
        }

        /// <summary>Group 1 (the only group guests use) and affinity routing to the owner's core.</summary>
        public static void RouteSpi(uint intId, int core)
        {
            ulong group = Distributor + GicdIgroupr + 4 * (intId / 32);
            Mmio.Write32(group, Mmio.Read32(group) | 1u << (int)(intId % 32));
            Mmio.Write64(Distributor + GicdIrouter + 8 * (intId - FirstSpi), Affinity(PartitionTable.Cores[core].HardwareId));
        }

        public static int RoutedCore(uint intId)
        {
            ulong route = Mmio.Read64(Distributor + GicdIrouter + 8 * (intId - FirstSpi));
            for (int core = 0; core < s_redistributor.Length; core++)
                if (Affinity(PartitionTable.Cores[core].HardwareId) == route) return core;
            return -1;
        }

        public static ulong RegisterFile(int core, uint intId) => Bank(core, intId);

        public static void InitializeCore(int core, ulong mpidr)
        {
            ulong rd = FindRedistributor(mpidr);
            s_redistributor[core] = rd;
            Mmio.Write32(rd + GicrWaker, Mmio.Read32(rd + GicrWaker) & ~GicrWakerProcessorSleep);
            while ((Mmio.Read32(rd + GicrWaker) & GicrWakerChildrenAsleep) != 0) { }
            ulong sgi = rd + GicrSgiFrame;
            Mmio.Write32(sgi + GicdIgroupr, 0xFFFFFFFF);
            Mmio.Write32(sgi + GicdIcenabler, 0xFFFF0000); // PPIs off until a guest enables its own
            for (uint i = 0; i < 32; i++) Mmio.Write8(sgi + GicdIpriorityr + i, GuestPriority);
            Mmio.Write32(sgi + GicdIsenabler, HypervisorInterrupts);
            Cpu.WriteIccSreEl2(IccSreEl2Value);
            Cpu.WriteIccPmr(0xFF);
            Cpu.WriteIccCtlr(Cpu.ReadIccCtlr() | IccCtlrEoiMode);
            Cpu.WriteIccIgrpen1(1);
        }

        public static uint Acknowledge() => (uint)Cpu.ReadIccIar1();

        public static uint IntIdOf(uint raw) => raw & 0xFFFFFF;

        public static void PriorityDrop(uint raw) => Cpu.WriteIccEoir1(raw);

        public static void Deactivate(uint raw) => Cpu.WriteIccDir(raw);

        public static void SendSgi(int core, uint sgi)
        {
            ulong mpidr = PartitionTable.Cores[core].HardwareId;
            ulong value = (mpidr & 0xFF) < 16 ? (1UL << (int)(mpidr & 0xF)) : 0;
            value |= ((mpidr >> 8) & 0xFF) << 16 | ((mpidr >> 16) & 0xFF) << 32 | ((mpidr >> 32) & 0xFF) << 48;
            value |= (ulong)sgi << 24;
            Cpu.WriteIccSgi1r(value);
        }

        public static void SetEnabled(int core, uint intId, bool on) =>
            Mmio.Write32(Bank(core, intId) + (on ? GicdIsenabler : GicdIcenabler) + 4 * (intId / 32), 1u << (int)(intId % 32));

        public static bool IsEnabled(int core, uint intId) =>
            (Mmio.Read32(Bank(core, intId) + GicdIsenabler + 4 * (intId / 32)) & (1u << (int)(intId % 32))) != 0;

        [MethodImpl(MethodImplOptions.AggressiveInlining)] // CHANNEL_NOTIFY's fast path
        public static void SetPending(uint intId)
        {
            if (intId >= FirstSpi) Mmio.Write32(Distributor + GicdIspendr + 4 * (intId / 32), 1u << (int)(intId % 32));
        }

        public static void ClearActive(int core, uint intId) =>
            Mmio.Write32(Bank(core, intId) + GicdIcactiver + 4 * (intId / 32), 1u << (int)(intId % 32));

        public static void SignalCore(int core) => SendSgi(core, SgiCheckIn);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void RaiseDomainInterrupt(int callerCore, uint intId) => SetPending(intId);

        /// <summary>SGIs and PPIs are banked in the core's redistributor; SPIs live in the distributor.</summary>
        private static ulong Bank(int core, uint intId) => intId < FirstSpi ? s_redistributor[core] + GicrSgiFrame : Distributor;

        private static ulong Affinity(ulong mpidr) => (mpidr & 0xFFFFFF) | ((mpidr >> 32) & 0xFF) << 32;

        private static ulong FindRedistributor(ulong mpidr)
        {
            ulong wanted = (mpidr & 0xFFFFFF) | (((mpidr >> 32) & 0xFF) << 24);
            for (ulong frame = BoardConfig.GicRedistributors; ; frame += BoardConfig.GicRedistributorStride)
            {
                ulong typer = Mmio.Read64(frame + GicrTyper);
                if ((typer >> 32) == wanted) return frame;
                if ((typer & GicrTyperLast) != 0) return BoardConfig.GicRedistributors; // not found: misdescribed board
            }
        }
    }
}
