namespace Bulkhead.Core.Partition
{
    public enum VcpuStatus : byte
    {
        /// <summary>The core belongs to no domain and stays parked.</summary>
        Unassigned,
        /// <summary>Waiting for PSCI CPU_ON from its domain (or for vCPU 0: for the domain's start).</summary>
        Off,
        /// <summary>An entry is pending: the core enters its guest at the next check-in.</summary>
        Starting,
        Running,
    }

    /// <summary>What a physical core does: which vCPU of which domain it runs (one, for good).</summary>
    public unsafe struct CoreState
    {
        /// <summary>The console line this vCPU is assembling (per vCPU, so a domain's vCPUs never mix lines).</summary>
        public byte[] Line;
        public int LineLength;
        public int Domain;          // -1 when unassigned
        public int Vcpu;
        public VcpuStatus Status;
        public ulong EntryPoint;    // for Starting
        public ulong EntryArgument;
        /// <summary>The run of its domain (domain epoch) this core last took notice of; only the core itself sets it.</summary>
        public uint Epoch;
        /// <summary>The run whose guest context this core executes (set when it enters): traps of an older run are stale.</summary>
        public uint RunEpoch;
        /// <summary>The run an entry is pending for (Starting): a CPU_ON of an older run never enters a newer one.</summary>
        public uint StartEpoch;
        /// <summary>The core's hardware id from the plan: what the firmware and the interrupt controller call it (MPIDR, APIC id).</summary>
        public ulong HardwareId;
        /// <summary>Virtual interrupts delivered to this vCPU (a manager's status sums them per domain).</summary>
        public ulong Interrupts;
    }
}
