using System.Runtime.CompilerServices;
using Bulkhead.Arm64.Gic;
using Bulkhead.Core.Plan;
using Bulkhead.Core.Partition;
using Bulkhead.Generated;
using static Bulkhead.Arm64.Gic.GicRegisters;

namespace Bulkhead.Arm64
{
    /// <summary>
    /// Physical interrupts taken at EL2: the hypervisor's own SGIs and maintenance interrupt, and the
    /// interrupts of the domain running on this core, which are injected into its guest on a
    /// direct path (one ownership lookup, no generic bookkeeping).
    /// </summary>
    internal static class InterruptRouting
    {
        private const int WordsPerDomain = (int)(Spurious + 31) / 32;

        /// <summary>Per domain, a bit per INTID it owns (the plan's interrupt list): the direct path's one lookup.</summary>
        private static uint[] s_owned = null!;

        /// <summary>At boot, after the partition table: who owns which interrupt.</summary>
        public static void Prepare(int domains)
        {
            s_owned = new uint[domains * WordsPerDomain];
            for (int d = 0; d < domains; d++)
            {
                PlanDomain plan = PartitionTable.Domains[d].Plan;
                for (uint i = 0; i < plan.InterruptCount; i++)
                {
                    uint intId = PartitionTable.Plan.GetInterrupt(plan.FirstInterrupt + i).IntId;
                    if (intId < Spurious) s_owned[d * WordsPerDomain + (int)(intId / 32)] |= 1u << (int)(intId % 32);
                }
            }
        }

        /// <returns>true when another core asked this one to check in (its domain's state changed)</returns>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static bool Handle(int core)
        {
            uint raw = PhysicalGic.Acknowledge();
            uint intId = PhysicalGic.IntIdOf(raw);
            if (intId >= Spurious) return false;
            ref CoreState state = ref PartitionTable.Cores[core];
            // The direct path: the running guest's virtual timer or one of its SPIs goes straight
            // into a list register (hardware-linked: the guest's EOI deactivates it). Distinct from
            // every interrupt the hypervisor keeps for itself (SGIs, maintenance, EL2 timer).
            if ((intId == BoardConfig.VirtTimerIntId || intId >= FirstSpi && Owns(state.Domain, intId)) && GuestRunning(ref state))
            {
                PhysicalGic.PriorityDrop(raw);
                state.Interrupts++;   // MGMT_STATUS; counted here, where the core's state is at hand
                VirtualInterrupts.Inject(core, intId, hardware: true);
                return false;
            }
            return HandleOther(core, raw, intId, GuestRunning(ref state));
        }

        private static bool Owns(int domain, uint intId) =>
            domain >= 0 && (s_owned[domain * WordsPerDomain + (int)(intId / 32)] & (1u << (int)(intId % 32))) != 0;

        private static bool GuestRunning(ref CoreState state) => state.Domain >= 0 && state.Status == VcpuStatus.Running
            && PartitionTable.Domains[state.Domain].Status == DomainStatus.Running;

        /// <summary>The hypervisor's own interrupts, and those nobody may have now.</summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static bool HandleOther(int core, uint raw, uint intId, bool guestRunning)
        {
            bool checkIn = false;
            if (intId == SgiCheckIn || intId == SgiVirtualSgi || intId == BoardConfig.MaintenanceIntId)
            {
                PhysicalGic.PriorityDrop(raw);
                PhysicalGic.Deactivate(raw);
                if (intId == SgiVirtualSgi && guestRunning) VirtualInterrupts.DrainMailbox(core);
                else if (intId == BoardConfig.MaintenanceIntId) VirtualInterrupts.Refill(core);
                else if (intId == SgiCheckIn) checkIn = true;
                return checkIn;
            }

            if (intId == BoardConfig.HypTimerIntId)
            {
                PhysicalGic.PriorityDrop(raw);
                PhysicalGic.Deactivate(raw);
                return WatchdogMonitor<Arm64Architecture>.OnTimer(core);
            }

            if (BoardConfig.SmmuEventIntId != 0 && intId == BoardConfig.SmmuEventIntId && Smmu.Smmuv3.Present)
            {
                PhysicalGic.PriorityDrop(raw);
                PhysicalGic.Deactivate(raw);
                Smmu.Smmuv3.OnEventInterrupt();   // blocked DMA: report it (the SMMU already terminated it)
                return false;
            }

            // Nobody may have it now (e.g. the timer of a domain that just stopped): silence it.
            PhysicalGic.SetEnabled(core, intId, false);
            PhysicalGic.PriorityDrop(raw);
            PhysicalGic.Deactivate(raw);
            return false;
        }
    }
}
