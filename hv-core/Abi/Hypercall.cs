namespace Bulkhead.Core.Abi
{
    /// <summary>
    /// The hypercall ABI shared by every backend and every guest (documented in docs/abi.md).
    /// ARM64: HVC #0, function id in x0, arguments in x1..x6, status back in x0, results in x1..x3
    /// (SMC Calling Convention, fast SMC64 call in the vendor-specific hypervisor service range).
    /// x86-64: VMCALL, function id in RAX, arguments in RDI, RSI, RDX, R10, R8, R9, status back in
    /// RAX, results in RDI, RSI, RDX. The numbers are the same on both.
    /// </summary>
    public static class Hypercall
    {
        /// <summary>SMCCC: fast call (bit 31), SMC64 (bit 30), owner 6 = vendor-specific hypervisor service.</summary>
        public const uint ServiceBase = 0xC6000000;

        public const uint AbiVersion = ServiceBase | 0x00;     // -> x1 = (major << 16) | minor
        public const uint ConsoleWrite = ServiceBase | 0x01;   // x1 = buffer address, x2 = length -> x1 = bytes taken
        public const uint DomainInfo = ServiceBase | 0x02;     // -> x1 = domain id, x2 = vCPU index, x3 = vCPU count
        public const uint Yield = ServiceBase | 0x03;          // gives up the rest of the time slice (no-op: one vCPU per core)
        public const uint DomainStop = ServiceBase | 0x04;     // stops the calling domain; does not return
        public const uint DomainRestart = ServiceBase | 0x05;  // restarts the calling domain from its entry point
        public const uint FatalError = ServiceBase | 0x06;     // x1 = message address, x2 = length, x3 = faulting address; stops per policy
        public const uint Heartbeat = ServiceBase | 0x07;      // feeds the domain's watchdog
        public const uint DomainName = ServiceBase | 0x08;     // x1 = buffer address, x2 = length -> x1 = name length
        public const uint VcpuStats = ServiceBase | 0x09;      // -> x1 = traps (exits) this vCPU has taken so far
        public const uint ChannelInfo = ServiceBase | 0x0A;    // x1 = channel index -> x1 = base, x2 = size, x3 = doorbell | role << 32
        public const uint ChannelNotify = ServiceBase | 0x0B;  // x1 = channel index: rings the channel's doorbell in its reader

        /// <summary>Highest function number defined by this ABI version.</summary>
        public const uint LastFunction = 0x0B;

        /// <summary>CHANNEL_INFO role (x3 bits 63:32): the caller writes, or reads, the channel.</summary>
        public const ulong RoleWriter = 1, RoleReader = 2;

        public const uint VersionMajor = 1, VersionMinor = 0;

        /// <summary>Largest console write in one call; longer buffers are taken in pieces.</summary>
        public const uint MaxConsoleWrite = 256;
    }

    /// <summary>Status values returned in x0 / RAX (SMCCC conventions: negative is an error).</summary>
    public static class HypercallStatus
    {
        public const long Success = 0;
        public const long NotSupported = -1;      // unknown function id
        public const long InvalidParameters = -2; // e.g. a buffer outside the domain's memory
        public const long Denied = -3;            // the plan does not allow it
    }
}
