using Bulkhead.Arm64.Gic;
using Bulkhead.Core.Partition;
using Bulkhead.Generated;
using static Bulkhead.Arm64.Gic.GicRegisters;

namespace Bulkhead.Arm64
{
    /// <summary>
    /// Physical interrupts taken at EL2: the hypervisor's own SGIs and maintenance interrupt, and the
    /// interrupts of the domain running on this core, which are injected into its guest.
    /// </summary>
    internal static class InterruptRouting
    {
        /// <returns>true when another core asked this one to check in (its domain's state changed)</returns>
        public static bool Handle(int core)
        {
            bool checkIn = false;
            uint raw = PhysicalGic.Acknowledge();
            uint intId = PhysicalGic.IntIdOf(raw);
            if (intId >= Spurious) return false;
            ref CoreState state = ref PartitionTable.Cores[core];
            bool guestRunning = state.Domain >= 0 && state.Status == VcpuStatus.Running
                && PartitionTable.Domains[state.Domain].Status == DomainStatus.Running;

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

            bool forGuest = guestRunning && (intId == BoardConfig.VirtTimerIntId
                || intId >= FirstSpi && PartitionTable.OwnsInterrupt(state.Domain, intId));
            if (forGuest)
            {
                PhysicalGic.PriorityDrop(raw);           // the guest's EOI deactivates it (hardware-linked)
                VirtualInterrupts.Inject(core, intId, hardware: true);
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
