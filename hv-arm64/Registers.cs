namespace Bulkhead.Arm64
{
    /// <summary>ARM64 architectural constants used by the C# side (the boot assembly has sysregs.h).</summary>
    internal static class Registers
    {
        // ESR_ELx
        public const int EsrExceptionClassShift = 26;
        public const ulong EsrExceptionClassMask = 0x3F;
        public const ulong EsrIssMask = 0x1FFFFFF;

        // MPIDR_EL1 affinity fields (Aff3 is bits 39:32).
        public const ulong MpidrAffinityMask = 0xFF00FFFFFF;

        // PSCI 0.2+ function identifiers (SMC32/SMC64 calling convention).
        public const uint PsciVersion = 0x84000000;
        public const uint PsciCpuOff = 0x84000002;
        public const uint PsciCpuOn64 = 0xC4000003;
        public const uint PsciAffinityInfo64 = 0xC4000004;
        public const uint PsciSystemOff = 0x84000008;
        public const uint PsciSystemReset = 0x84000009;
        public const long PsciNotSupported = -1;
        public const long PsciInvalidParameters = -2;

        // PL011 UART
        public const uint Pl011Data = 0x00;
        public const uint Pl011Flags = 0x18;
        public const uint Pl011FlagTxFull = 1 << 5;
    }
}
