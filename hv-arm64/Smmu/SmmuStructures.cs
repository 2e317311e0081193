using static Bulkhead.Arm64.Smmu.SmmuRegisters;

namespace Bulkhead.Arm64.Smmu
{
    /// <summary>
    /// Encodes the in-memory structures the SMMU reads: stream table entries (one per stream ID)
    /// and context descriptors. Pure: no register access, so the encodings are easy to check.
    /// The valid doubleword (DW0) is written last, so a walker never sees half an entry.
    /// </summary>
    internal static unsafe class SmmuStructures
    {
        /// <summary>A stream nobody owns: valid, Config = abort. Its DMA is terminated (never bypassed).</summary>
        public static void Abort(ulong* ste)
        {
            for (int i = 1; i < SteDwords; i++) ste[i] = 0;
            ste[0] = SteValid | (SteConfigAbort << SteConfigShift);
        }

        /// <summary>
        /// Stage-2 translation with a domain's own stage-2 tables (the ones its CPUs use): the VTCR
        /// fields, its VMID and root. <paramref name="oas"/> (IDR5.OAS) caps the output size.
        /// </summary>
        public static void Stage2(ulong* ste, ulong vmid, ulong vtcr, ulong root, ulong oas)
        {
            ulong fields = vtcr & SteVtcrFieldsMask;
            ulong ps = (fields & SteVtcrPsMask) >> SteVtcrPsShift;
            if (ps > oas) fields = (fields & ~SteVtcrPsMask) | (oas << SteVtcrPsShift);
            ste[1] = SteDw1ShareIncoming;
            ste[2] = (vmid & 0xFFFF) | (fields << SteVtcrShift) | SteS2Aa64 | SteS2Record;
            ste[3] = root & SteS2TtbMask;
            for (int i = 4; i < SteDwords; i++) ste[i] = 0;
            ste[0] = SteValid | (SteConfigS2Translate << SteConfigShift);
        }

        /// <summary>Stage-1 translation through one context descriptor (for SMMUs without stage 2).</summary>
        public static void Stage1(ulong* ste, ulong contextDescriptor)
        {
            ste[1] = SteDw1S1ContextWriteBack | SteDw1ShareIncoming;
            for (int i = 2; i < SteDwords; i++) ste[i] = 0;
            ste[0] = SteValid | (SteConfigS1Translate << SteConfigShift) | (contextDescriptor & SteContextPointerMask);
        }

        /// <summary>
        /// A context descriptor whose TTB0 is a domain's DMA table: 39-bit input, 4 KiB granule,
        /// no TTB1, faults recorded and terminated (abort, not stall).
        /// </summary>
        public static void Context(ulong* cd, ulong table, ulong asid, ulong ips)
        {
            cd[1] = table & CdTtbMask;
            cd[2] = 0;
            cd[3] = CdMairNormal;
            for (int i = 4; i < CdDwords; i++) cd[i] = 0;
            cd[0] = CdT0sz39 | CdTable0WriteBackInner | CdEpd1 | CdValid | (ips << CdIpsShift)
                | CdAa64 | CdRecord | CdAbort | ((asid & 0xFFFF) << CdAsidShift);
        }
    }
}
