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

        /// <summary>Highest function number defined by this ABI version.</summary>
        public const uint LastFunction = 0x0C;

        /// <summary>CHANNEL_INFO role (r3 bits 63:32): the caller writes, or reads, the channel.</summary>
        public const ulong RoleWriter = 1, RoleReader = 2;

        public const uint VersionMajor = 1, VersionMinor = 1;   // 1.1: CONSOLE_READ

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
    }
}
