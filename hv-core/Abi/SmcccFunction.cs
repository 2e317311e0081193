namespace Bulkhead.Core.Abi
{
    /// <summary>
    /// Arm SMC Calling Convention (SMCCC, DEN0028) architecture calls: the ids Linux probes before it
    /// trusts a firmware (through PSCI_FEATURES, then SMCCC_VERSION and SMCCC_ARCH_FEATURES).
    /// </summary>
    public static class SmcccFunction
    {
        public const uint Version = 0x80000000;
        public const uint ArchFeatures = 0x80000001;
        public const uint ArchSocId = 0x80000002;
        public const uint ArchWorkaround1 = 0x80008000;   // Spectre v2 (branch predictor invalidation)
        public const uint ArchWorkaround2 = 0x80007FFF;   // Spectre v4 (speculative store bypass)
        public const uint ArchWorkaround3 = 0x80003FFF;   // Spectre-BHB

        /// <summary>SMCCC 1.1 as SMCCC_VERSION reports it (major &lt;&lt; 16 | minor).</summary>
        public const long Version1_1 = 0x10001;

        /// <summary>True for the Arm architecture service range (SMC32 0x8000_xxxx; the fast-call SMC64 form 0xC000_xxxx too).</summary>
        public static bool IsArchCall(ulong function) => (function & 0xBFFF0000) == 0x80000000 && (function >> 32) == 0;
    }
}
