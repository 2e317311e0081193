using System.Runtime.CompilerServices;
using Bulkhead.Core.Partition;
using Bulkhead.Generated;
using Bulkhead.Runtime;
using static Bulkhead.Arm64.Gic.GicRegisters;

namespace Bulkhead.Arm64.Gic
{
    /// <summary>GICv2: target lists of up to 8 cores, SGIs/PPIs banked in the distributor, a memory-mapped CPU interface (GICC).</summary>
    internal struct PhysicalGicV2 : IPhysicalGic
    {
        private const ulong Distributor = BoardConfig.GicDistributor, CpuInterface = BoardConfig.GicCpuInterface;

        public static void InitializeDistributor(int coreCount) => OwnedSpis<PhysicalGicV2>.Program(GicdCtlrV2Enable);

        public static void RouteSpi(uint intId, int core) => Mmio.Write8(Distributor + GicdItargetsr + intId, (byte)(1 << core));

        public static int RoutedCore(uint intId)
        {
            uint targets = Mmio.Read8(Distributor + GicdItargetsr + intId);
            for (int core = 0; core < 8; core++)
                if ((targets & (1u << core)) != 0) return core;
            return -1;
        }

        /// <summary>GICv2 banks SGIs and PPIs in the distributor itself, per reading core.</summary>
        public static ulong RegisterFile(int core, uint intId) => Distributor;

        public static void InitializeCore(int core, ulong mpidr)
        {
            Mmio.Write32(Distributor + GicdIcenabler, 0xFFFF0000); // PPIs off until a guest enables its own
            for (uint i = 0; i < 32; i++) Mmio.Write8(Distributor + GicdIpriorityr + i, GuestPriority);
            Mmio.Write32(Distributor + GicdIsenabler, HypervisorInterrupts);
            Mmio.Write32(CpuInterface + GiccPmr, 0xFF);
            Mmio.Write32(CpuInterface + GiccCtlr, GiccCtlrEnable | GiccCtlrEoiModeNs);
        }

        public static uint Acknowledge() => Mmio.Read32(CpuInterface + GiccIar);

        public static uint IntIdOf(uint raw) => raw & 0x3FF;

        public static void PriorityDrop(uint raw) => Mmio.Write32(CpuInterface + GiccEoir, raw);

        public static void Deactivate(uint raw) => Mmio.Write32(CpuInterface + GiccDir, raw);

        /// <summary>The target list holds core numbers (GICv2 CPU interface numbers follow the boot order).</summary>
        public static void SendSgi(int core, uint sgi) => Mmio.Write32(Distributor + GicdSgir, (1u << (16 + core)) | sgi);

        public static void SetEnabled(int core, uint intId, bool on) =>
            Mmio.Write32(Distributor + (on ? GicdIsenabler : GicdIcenabler) + 4 * (intId / 32), 1u << (int)(intId % 32));

        public static bool IsEnabled(int core, uint intId) =>
            (Mmio.Read32(Distributor + GicdIsenabler + 4 * (intId / 32)) & (1u << (int)(intId % 32))) != 0;

        [MethodImpl(MethodImplOptions.AggressiveInlining)] // CHANNEL_NOTIFY's fast path
        public static void SetPending(uint intId)
        {
            if (intId >= FirstSpi) Mmio.Write32(Distributor + GicdIspendr + 4 * (intId / 32), 1u << (int)(intId % 32));
        }

        public static void ClearActive(int core, uint intId) =>
            Mmio.Write32(Distributor + GicdIcactiver + 4 * (intId / 32), 1u << (int)(intId % 32));

        public static void SignalCore(int core) => SendSgi(core, SgiCheckIn);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void RaiseDomainInterrupt(int callerCore, uint intId) => SetPending(intId);
    }
}
