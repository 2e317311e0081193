namespace Bulkhead.Core.Partition
{
    /// <summary>
    /// Per core, all the hypercall fast path reads and writes (PartitionTable.Runs): whether the
    /// core's vCPU runs in its domain's current run, and the exit counter. One word answers what
    /// <see cref="PartitionTable.IsCurrentRun"/> works out from the domain and vCPU tables.
    /// </summary>
    public struct CoreRun
    {
        /// <summary>
        /// The domain's index + 1 while the vCPU runs in its domain's current run, else 0. Set under
        /// the domain's lock when the core checks in to enter or resume (DomainControl.CheckIn);
        /// cleared under the same lock whenever that stops being true (the domain stops or
        /// restarts, the vCPU goes off). 0 sends a call down the full path, which checks again.
        /// </summary>
        public int LiveDomain;
        /// <summary>Exits from this vCPU to the hypervisor (every trap from the guest; VCPU_STATS).</summary>
        public ulong Traps;
    }
}
