namespace Bulkhead.Core.Abi
{
    /// <summary>
    /// The hypercall ABI shared by every backend and every guest (documented in docs/abi.md, with
    /// the registers each architecture uses). A call is a function id and arguments a1..a3; it
    /// returns a status and results r1..r3. The numbers are the same on every architecture (SMC
    /// Calling Convention ids: fast SMC64 calls in the vendor-specific hypervisor service range).
    /// </summary>
    public static class Hypercall
    {
        /// <summary>SMCCC: fast call (bit 31), SMC64 (bit 30), owner 6 = vendor-specific hypervisor service.</summary>
        public const uint ServiceBase = 0xC6000000;

        public const uint AbiVersion = ServiceBase | 0x00;     // -> r1 = (major << 16) | minor
        public const uint ConsoleWrite = ServiceBase | 0x01;   // a1 = buffer address, a2 = length -> r1 = bytes taken
        public const uint DomainInfo = ServiceBase | 0x02;     // -> r1 = domain id, r2 = vCPU index, r3 = vCPU count
        public const uint Yield = ServiceBase | 0x03;          // gives up the rest of the time slice (no-op: one vCPU per core)
        public const uint DomainStop = ServiceBase | 0x04;     // stops the calling domain; does not return
        public const uint DomainRestart = ServiceBase | 0x05;  // restarts the calling domain from its entry point
        public const uint FatalError = ServiceBase | 0x06;     // a1 = message address, a2 = length, a3 = faulting address; stops per policy
        public const uint Heartbeat = ServiceBase | 0x07;      // feeds the domain's watchdog
        public const uint DomainName = ServiceBase | 0x08;     // a1 = buffer address, a2 = length -> r1 = name length
        public const uint VcpuStats = ServiceBase | 0x09;      // -> r1 = traps (exits) this vCPU has taken so far
        public const uint ChannelInfo = ServiceBase | 0x0A;    // a1 = channel index -> r1 = base, r2 = size, r3 = doorbell | role << 32
        public const uint ChannelNotify = ServiceBase | 0x0B;  // a1 = channel index: rings the channel's doorbell in its reader
        public const uint ConsoleRead = ServiceBase | 0x0C;    // a1 = buffer, a2 = length -> r1 = bytes of held console lines copied (console driver domain only)
        // Management (1.2, docs/management.md): only for the domains the plan lets the caller manage ('manages:').
        public const uint MgmtList = ServiceBase | 0x0D;       // -> r1 = mask of the domains the caller manages, r2 = domains in the system
        public const uint MgmtStatus = ServiceBase | 0x0E;     // a1 = domain, a2 = buffer, a3 = length (>= MgmtStatusRecord.Size) -> r1 = bytes written
        public const uint MgmtControl = ServiceBase | 0x0F;    // a1 = domain, a2 = MgmtAction -> status (WrongState: already stopped / not stopped)
        public const uint MgmtConsole = ServiceBase | 0x10;    // a1 = domain | cursor << 8, a2 = buffer, a3 = length -> r1 = bytes (whole lines), r2 = next cursor, r3 = oldest cursor held

        /// <summary>Highest function number defined by this ABI version.</summary>
        public const uint LastFunction = 0x10;

        /// <summary>CHANNEL_INFO role (r3 bits 63:32): the caller writes, or reads, the channel.</summary>
        public const ulong RoleWriter = 1, RoleReader = 2;

        public const uint VersionMajor = 1, VersionMinor = 2;   // 1.1: CONSOLE_READ; 1.2: MGMT_*

        /// <summary>Largest console write in one call; longer buffers are taken in pieces.</summary>
        public const uint MaxConsoleWrite = 256;
    }

    /// <summary>Status values returned to the caller (SMCCC conventions: negative is an error).</summary>
    public static class HypercallStatus
    {
        public const long Success = 0;
        public const long NotSupported = -1;      // unknown function id
        public const long InvalidParameters = -2; // e.g. a buffer outside the domain's memory
        public const long Denied = -3;            // the plan does not allow it
        public const long Busy = -4;              // over a rate limit of the plan (e.g. doorbells): try again later
        public const long WrongState = -5;        // MGMT_CONTROL: stop of a stopped domain, start of one that is not stopped
    }

    /// <summary>MGMT_CONTROL actions (a2).</summary>
    public static class MgmtAction
    {
        public const ulong Stop = 1;     // stops the domain for good (until a start)
        public const ulong Start = 2;    // a stopped domain starts again from its pristine image
        public const ulong Restart = 3;  // stop + start; not limited by the domain's restart policy (an operator's decision)
    }

    /// <summary>
    /// The record MGMT_STATUS writes (little-endian; docs/abi.md "Management"). Offsets are
    /// fixed: a manager built for ABI 1.2 reads any later minor version.
    /// </summary>
    public static class MgmtStatusRecord
    {
        public const uint Size = 160;
        public const uint Name = 0;            // 16 bytes ASCII, NUL padded
        public const uint State = 16;          // u8 MgmtState
        public const uint Criticality = 17;    // u8 0 = QM .. 4 = ASIL-D
        public const uint RestartPolicy = 18;  // u8 0 = stop, 1 = restart
        public const uint VcpuCount = 19;      // u8
        public const uint VcpusRunning = 20;   // u32 vCPUs in the guest now
        public const uint CoreMask = 24;       // u64 physical cores
        public const uint Restarts = 32;       // u32 restarts over the system's run (faults, requests, managers)
        public const uint Faults = 36;         // u32 faults (traps, fatal errors, watchdog expiries)
        public const uint Exits = 40;          // u64 exits to the hypervisor, all vCPUs
        public const uint Interrupts = 48;     // u64 virtual interrupts delivered, all vCPUs
        public const uint UptimeNs = 56;       // u64 since the current run started (0 when stopped)
        public const uint WatchdogMs = 64;     // u32 0 = none
        public const uint HeartbeatAgeMs = 68; // u32 ms since the last heartbeat (or the start); 0xFFFFFFFF without a watchdog
        public const uint ConsoleBytes = 72;   // u64 bytes of console lines the domain printed (the MGMT_CONSOLE cursor of the newest)
        public const uint LastFault = 80;      // 80 bytes ASCII, NUL padded: the last fault's line ("" when none)
        public const uint LastFaultLength = 80;
    }

    /// <summary>MgmtStatusRecord.State.</summary>
    public static class MgmtState
    {
        public const byte Starting = 0, Running = 1, Stopped = 2;
    }
}
