namespace Bulkhead.Arm64
{
    /// <summary>ARM64 architectural constants used by the C# side (the boot assembly has sysregs.h).</summary>
    internal static class Registers
    {
        // ESR_ELx
        public const int EsrExceptionClassShift = 26;
        public const ulong EsrExceptionClassMask = 0x3F;
        public const ulong EsrIssMask = 0x1FFFFFF;

        public const ulong MpidrAff0Mask = 0xFF;
        // CNTHP_CTL_EL2.ENABLE (IMASK clear: the timer interrupts).
        public const ulong CnthpCtlEnable = 1;


        // HCR_EL2 for a running guest: VM (stage 2), SWIO, FMO/IMO/AMO (physical interrupts and
        // SErrors to EL2), FB + BSU=inner shareable (broadcast maintenance), TSC (trap SMC),
        // TIDCP/TACR (trap implementation-defined and auxiliary control registers), TSW (trap
        // set/way cache maintenance), RW (EL1 is AArch64). WFI/WFE are left to the guest.
        public const ulong HcrGuest = (1UL << 0) | (1UL << 1) | (1UL << 3) | (1UL << 4) | (1UL << 5) | (1UL << 9)
            | (1UL << 10) | (1UL << 19) | (1UL << 20) | (1UL << 21) | (1UL << 22) | (1UL << 31);
        // HCR_EL2 feature controls (CpuFeatures.cs): TID3 traps ID register reads (group 3), APK/API
        // let the guest use its pointer authentication keys and instructions.
        // IMO alone: clear for a direct-interrupt domain (its IRQs to EL1, DirectCore).
        public const ulong HcrImo = 1UL << 4;
        public const ulong HcrTid3 = 1UL << 18, HcrApk = 1UL << 40, HcrApi = 1UL << 41;
        // CPTR_EL2 (E2H = 0) as boot/sysregs.h sets it: RES1 bits, TZ (SVE traps), TSM (SME traps), no FP trap.
        public const ulong CptrGuest = 0x33FF, CptrTz = 1UL << 8;

        // HCR_EL2 while a core has no guest: only RW, so physical IRQs are still taken at EL2 (IMO).
        public const ulong HcrParked = (1UL << 31) | (1UL << 4) | (1UL << 3);

        // MDCR_EL2 for guests: TDA, TDOSA, TDRA (debug registers trap: a guest cannot set
        // breakpoints or watchpoints that outlive it); HPMN kept (the PMU stays the guest's: its core
        // is its own). HPMD / HCCD (PMUv3p1 / PMUv3p5): the guest's counters do not count while the
        // hypervisor runs, so they reveal nothing of its timing the virtual counter would not.
        public const ulong MdcrTraps = (1UL << 9) | (1UL << 10) | (1UL << 11);
        public const ulong MdcrHpmd = 1UL << 17, MdcrHccd = 1UL << 23;
        public const int Dfr0PmuVerShift = 8;
        public const ulong PmuVer3p1 = 4, PmuVer3p5 = 6, PmuVerImplementationDefined = 0xF;

        // SCTLR_EL1 architectural reset value (MMU and caches off): what a guest starts with.
        public const ulong SctlrEl1Reset = 0x30D00800;
        // CNTHCTL_EL2: EL1PCTEN (guest may read the physical counter); EL1PCEN clear (physical timer traps).
        public const ulong CnthctlGuest = 1;
        // VMPIDR_EL2: bit 31 RES1; Aff0 = vCPU index.
        public const ulong VmpidrBase = 1UL << 31;

        // VTCR_EL2: T0SZ set from the IPA size, SL0=1 (start at level 1), IRGN0/ORGN0 WB-WA,
        // SH0 inner shareable, TG0 4 KiB, PS from ID_AA64MMFR0_EL1.PARange, bit 31 RES1.
        public const ulong VtcrBase = (1UL << 31) | (1UL << 6) | (1UL << 8) | (1UL << 10) | (3UL << 12);
        public const int VtcrPsShift = 16;

        // Stage-2 descriptors: MemAttr (bits 5:2), S2AP (7:6), SH (9:8), AF (10), XN (54:53).
        public const ulong S2Valid = 1, S2Table = 3, S2Page = 3, S2Block = 1;
        public const ulong S2MemNormal = 0xFUL << 2;     // Normal, inner/outer write-back
        public const ulong S2MemDevice = 0x1UL << 2;     // Device-nGnRE
        public const ulong S2Read = 1UL << 6, S2Write = 2UL << 6;
        public const ulong S2InnerShareable = 3UL << 8;
        public const ulong S2AccessFlag = 1UL << 10;
        public const ulong S2ExecuteNever = 2UL << 53;
        public const ulong S2AddressMask = 0x0000FFFFFFFFF000;
    }
}
