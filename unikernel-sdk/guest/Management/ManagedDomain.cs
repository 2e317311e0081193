namespace Bulkhead.Guest
{
    /// <summary>Where a managed domain is in its life (MGMT_STATUS, docs/management.md).</summary>
    public enum ManagedState : byte { Starting = 0, Running = 1, Stopped = 2 }

    /// <summary>What a management call came to: the hypervisor's answer in words.</summary>
    public enum ManagementResult
    {
        Ok = 0,
        /// <summary>The plan does not let this domain manage that one ('manages:'), or it does not exist.</summary>
        Denied,
        /// <summary>Stop of a stopped domain, or start of one that is not stopped.</summary>
        WrongState,
        /// <summary>A bad action or buffer.</summary>
        InvalidParameters,
        /// <summary>No hypervisor with the management calls (ABI before 1.2, or host mode).</summary>
        NotSupported,
    }

    /// <summary>One managed domain's status, as MGMT_STATUS reports it (docs/abi.md "Management").</summary>
    public struct ManagedDomain
    {
        public int Id;
        public string Name;
        public ManagedState State;
        /// <summary>0 = QM, 1..4 = ASIL-A..ASIL-D.</summary>
        public int Criticality;
        /// <summary>True when a fault restarts it (restart: restart), false when a fault stops it.</summary>
        public bool RestartsOnFault;
        public int VcpuCount;
        public int VcpusRunning;
        /// <summary>Its physical cores, bit n = core n.</summary>
        public ulong CoreMask;
        public uint Restarts;
        public uint Faults;
        /// <summary>The last fault's line ("" when it never faulted).</summary>
        public string LastFault;
        /// <summary>Exits to the hypervisor and virtual interrupts delivered, all vCPUs, since boot.</summary>
        public ulong Exits;
        public ulong Interrupts;
        /// <summary>Nanoseconds since the current run started (0 while stopped).</summary>
        public ulong UptimeNs;
        /// <summary>Its watchdog period (0 = none) and how long ago it last sent a heartbeat (uint.MaxValue without a watchdog).</summary>
        public uint WatchdogMs;
        public uint HeartbeatAgeMs;
        /// <summary>Bytes of console lines it printed since boot: the newest console cursor.</summary>
        public ulong ConsoleBytes;
    }
}
