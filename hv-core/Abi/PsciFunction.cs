namespace Bulkhead.Core.Abi
{
    /// <summary>
    /// PSCI (Arm Power State Coordination Interface) function ids and status values: what the
    /// hypervisor calls in the firmware and emulates for guests, and what guests call. One table for all.
    /// </summary>
    public static class PsciFunction
    {
        public const uint Version = 0x84000000;
        public const uint CpuOff = 0x84000002;
        public const uint CpuOn32 = 0x84000003, CpuOn64 = 0xC4000003;
        public const uint AffinityInfo32 = 0x84000004, AffinityInfo64 = 0xC4000004;
        public const uint MigrateInfoType = 0x84000006;
        public const uint SystemOff = 0x84000008;
        public const uint SystemReset = 0x84000009;
        public const uint Features = 0x8400000A;

        public const long Success = 0, NotSupported = -1, InvalidParameters = -2, Denied = -3, AlreadyOn = -4;
        public const long OnPending = -5, InvalidAddress = -9;

        /// <summary>PSCI 1.1 as VERSION reports it (major &lt;&lt; 16 | minor).</summary>
        public const long Version1_1 = 0x10001;

        /// <summary>True for ids in the PSCI ranges (SMC32 0x8400_00xx and SMC64 0xC400_00xx).</summary>
        public static bool IsPsci(ulong function) => (function & 0xBFFFFFE0) == 0x84000000;
    }
}
