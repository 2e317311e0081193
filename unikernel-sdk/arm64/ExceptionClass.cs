namespace Bulkhead.Arm64
{
    /// <summary>
    /// ESR_ELx.EC values (Arm ARM D24.2.45 "ESR_EL2") and a readable name for every one of the 64, for
    /// panic and fault lines (hypervisor and guests). The names are one table indexed by EC: a new
    /// class is one row.
    /// </summary>
    public static class ExceptionClass
    {
        public const uint Unknown = 0x00;
        public const uint WfiWfe = 0x01;
        public const uint FpAccess = 0x07;
        public const uint PointerAuthentication = 0x09;
        public const uint IllegalState = 0x0E;
        public const uint Svc64 = 0x15;
        public const uint Hvc64 = 0x16;
        public const uint Smc64 = 0x17;
        public const uint SysRegister = 0x18;
        public const uint SveAccess = 0x19;
        public const uint SmeAccess = 0x1D;
        public const uint InstructionAbortLower = 0x20;
        public const uint InstructionAbortSame = 0x21;
        public const uint PcAlignment = 0x22;
        public const uint DataAbortLower = 0x24;
        public const uint DataAbortSame = 0x25;
        public const uint SpAlignment = 0x26;
        public const uint SError = 0x2F;
        public const uint Brk64 = 0x3C;

        private static readonly string[] s_names =
        {
            /* 0x00 */ "unknown / undefined instruction", "WFI/WFE", "EC 0x02 (reserved)", "AArch32 MCR/MRC (cp15)",
            /* 0x04 */ "AArch32 MCRR/MRRC (cp15)", "AArch32 MCR/MRC (cp14)", "AArch32 LDC/STC (cp14)", "FP/SIMD access",
            /* 0x08 */ "AArch32 VMRS (ID group)", "pointer authentication instruction", "LD64B/ST64B", "EC 0x0B (reserved)",
            /* 0x0C */ "AArch32 MRRC (cp14)", "branch target exception", "illegal execution state", "EC 0x0F (reserved)",
            /* 0x10 */ "EC 0x10 (reserved)", "AArch32 SVC", "AArch32 HVC", "AArch32 SMC",
            /* 0x14 */ "EC 0x14 (reserved)", "SVC", "HVC", "SMC",
            /* 0x18 */ "system register access", "SVE access", "ERET (nested virtualization)", "TSTART (transactional memory)",
            /* 0x1C */ "pointer authentication failure", "SME access", "granule protection check", "implementation defined (EL3)",
            /* 0x20 */ "instruction abort from lower EL", "instruction abort", "PC alignment fault", "EC 0x23 (reserved)",
            /* 0x24 */ "data abort from lower EL", "data abort", "SP alignment fault", "memory copy/set operation",
            /* 0x28 */ "AArch32 floating-point exception", "EC 0x29 (reserved)", "EC 0x2A (reserved)", "EC 0x2B (reserved)",
            /* 0x2C */ "floating-point exception", "guarded control stack", "EC 0x2E (reserved)", "SError",
            /* 0x30 */ "breakpoint from lower EL", "breakpoint", "software step from lower EL", "software step",
            /* 0x34 */ "watchpoint from lower EL", "watchpoint", "EC 0x36 (reserved)", "EC 0x37 (reserved)",
            /* 0x38 */ "AArch32 BKPT", "EC 0x39 (reserved)", "AArch32 vector catch", "EC 0x3B (reserved)",
            /* 0x3C */ "BRK", "PMU exception", "EC 0x3E (reserved)", "EC 0x3F (reserved)",
        };

        /// <summary>The name of exception class <paramref name="ec"/> (only its low 6 bits count).</summary>
        public static string Name(uint ec) => s_names[ec & 0x3F];
    }
}
