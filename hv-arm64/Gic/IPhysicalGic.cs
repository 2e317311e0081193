using Bulkhead.Core.Interrupts;

namespace Bulkhead.Arm64.Gic
{
    /// <summary>
    /// The hypervisor's own use of the physical GIC: routing each SPI to the core of its owner,
    /// taking interrupts at EL2, signalling other cores with SGIs. One implementation per GIC
    /// version (PhysicalGicV2, PhysicalGicV3); the board picks it at build time through the
    /// generated alias <c>PhysicalGic</c>. EOI mode 1 everywhere: the hypervisor drops priority, the
    /// guest deactivates (hardware-linked list registers) or the hypervisor does when it handled
    /// the interrupt itself.
    /// </summary>
    internal interface IPhysicalGic : IInterruptController
    {
        /// <summary>Once, on the boot core: every SPI of the plan routed to its owner's core, distributor on.</summary>
        static abstract void InitializeDistributor(int coreCount);

        /// <summary>Routes SPI <paramref name="intId"/> to <paramref name="core"/> (ITARGETSR on v2; group 1 and IROUTER on v3).</summary>
        static abstract void RouteSpi(uint intId, int core);

        /// <summary>The core SPI <paramref name="intId"/> is routed to (the lowest, should a GICv2 target list name several), or -1.</summary>
        static abstract int RoutedCore(uint intId);

        /// <summary>
        /// The frame whose registers at the distributor's offsets (ISENABLER ... ICFGR) hold
        /// <paramref name="intId"/>'s state as <paramref name="core"/> sees it: the distributor, or on
        /// GICv3 the core's redistributor SGI frame for SGIs and PPIs.
        /// </summary>
        static abstract ulong RegisterFile(int core, uint intId);

        /// <summary>Per core: its SGIs/PPIs grouped and prioritized, the CPU interface on in EOI mode 1.</summary>
        static abstract void InitializeCore(int core, ulong mpidr);

        /// <summary>Acknowledges the highest-priority pending interrupt; returns the raw value (INTID in the low bits).</summary>
        static abstract uint Acknowledge();

        static abstract uint IntIdOf(uint raw);

        /// <summary>Priority drop: the core may take other interrupts; the interrupt stays active.</summary>
        static abstract void PriorityDrop(uint raw);

        /// <summary>Deactivation, for interrupts the hypervisor handled itself.</summary>
        static abstract void Deactivate(uint raw);

        static abstract void SendSgi(int core, uint sgi);

        /// <summary>Enables or disables an SPI (any core) or a PPI/SGI of the calling core.</summary>
        static abstract void SetEnabled(int core, uint intId, bool on);

        static abstract bool IsEnabled(int core, uint intId);

        /// <summary>Makes an SPI pending (a channel doorbell): the GIC delivers it to the core it is routed to.</summary>
        static abstract void SetPending(uint intId);

        /// <summary>
        /// Clears the active state of an interrupt a guest never deactivated (it stopped or was
        /// restarted inside its handler); otherwise the interrupt would never fire again.
        /// </summary>
        static abstract void ClearActive(int core, uint intId);
    }
}
