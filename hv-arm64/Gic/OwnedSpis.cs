using Bulkhead.Core.Partition;
using Bulkhead.Runtime;
using Bulkhead.Generated;
using static Bulkhead.Arm64.Gic.GicRegisters;

namespace Bulkhead.Arm64.Gic
{
    /// <summary>
    /// The distributor's part that is the same on every GIC version: each SPI the plan gives a
    /// domain disabled, at the guest priority and routed to its owner's first core, with the
    /// distributor off meanwhile. The version only says how an SPI is routed.
    /// </summary>
    internal static class OwnedSpis<TGic> where TGic : struct, IPhysicalGic
    {
        public static void Program(uint distributorEnable)
        {
            const ulong Distributor = BoardConfig.GicDistributor;
            var plan = PartitionTable.Plan;
            Mmio.Write32(Distributor + GicdCtlr, 0);
            for (uint i = 0; i < plan.InterruptCount; i++)
            {
                uint intId = plan.GetInterrupt(i).IntId;
                if (intId < FirstSpi) continue;
                int core = PartitionTable.CoreOf((int)plan.GetInterrupt(i).Owner, 0);
                Mmio.Write32(Distributor + GicdIcenabler + 4 * (intId / 32), 1u << (int)(intId % 32));
                Mmio.Write8(Distributor + GicdIpriorityr + intId, GuestPriority);
                TGic.RouteSpi(intId, core);
            }
            Mmio.Write32(Distributor + GicdCtlr, distributorEnable);
        }
    }
}
