using Bulkhead.Core.Plan;

namespace Bulkhead.Core.Partition
{
    public enum DomainStatus : byte
    {
        /// <summary>Loaded, vCPU 0 not yet entered.</summary>
        Starting,
        Running,
        /// <summary>Stopped for good (by itself, a fault, or its restart limit).</summary>
        Stopped,
    }

    /// <summary>One domain's run-time state. The static facts stay in the plan record.</summary>
    public unsafe struct Domain
    {
        public int Index;
        public string Name;
        public PlanDomain Plan;
        public DomainStatus Status;
        /// <summary>Incremented at every restart: cores compare it to notice a restart.</summary>
        public uint Epoch;
        /// <summary>Restarts so far, over the whole run of the system: the number each restart line prints.</summary>
        public uint Restarts;
        /// <summary>
        /// With a restart window: the times of the last RestartLimit restarts (a ring, oldest at
        /// RestartRingNext once full), so a new restart is allowed when the oldest left the window.
        /// </summary>
        public fixed ulong RestartTimesNs[(int)PlanFormat.MaxWindowedRestarts];
        public uint RestartRingNext;
        public uint RestartRingFilled;
        public int VcpuCount;
        /// <summary>The guest image inside the hypervisor image (0 when the plan names none).</summary>
        public ulong PayloadAddress;
        public ulong PayloadSize;
        /// <summary>Its load records (kernel, DTB, initramfs) are to be copied before vCPU 0 enters (set by every load).</summary>
        public bool LoadsPending;
        /// <summary>The pristine copies of its load records passed their CRC (once, at the first start).</summary>
        public bool LoadsChecked;
        /// <summary>Time of the last heartbeat (or of the start), for the watchdog.</summary>
        public ulong LastHeartbeatNs;
        /// <summary>
        /// Taken for every lifecycle change (stop, restart, fault, CPU_ON/OFF), so that two of the
        /// domain's cores faulting at once give one restart with one number, never two.
        /// </summary>
        public uint Lock;
        /// <summary>The domain's share of the console (bytes), and the lines it lost beyond it since the last report.</summary>
        public TokenBucket ConsoleBudget;
        public uint DroppedLines;
        /// <summary>When the current run started (its image was loaded): the uptime a manager sees.</summary>
        public ulong StartedNs;
        /// <summary>Faults over the system's run (traps, fatal errors, watchdog expiries), and the last one's line.</summary>
        public uint Faults;
        public fixed byte LastFault[(int)Abi.MgmtStatusRecord.LastFaultLength];
        /// <summary>The domain's recent console lines, for its managers (null when no domain manages it).</summary>
        public ConsoleHistory? History;
    }
}
