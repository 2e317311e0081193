namespace Bulkhead.Arm64.Smmu
{
    /// <summary>
    /// SMMUv3 register offsets, fields and in-memory structure layouts (Arm IHI 0070, "SMMUv3
    /// architecture specification"): the one place these numbers live.
    /// </summary>
    internal static class SmmuRegisters
    {
        // ---- Page 0 registers ----
        public const ulong Idr0 = 0x00, Idr1 = 0x04, Idr5 = 0x14;
        public const ulong Cr0 = 0x20, Cr0Ack = 0x24, Cr1 = 0x28, Cr2 = 0x2C;
        public const ulong Gbpa = 0x44;
        public const ulong IrqCtrl = 0x50, IrqCtrlAck = 0x54;
        public const ulong Gerror = 0x60, GerrorN = 0x64;
        public const ulong StrtabBase = 0x80, StrtabBaseCfg = 0x88;
        public const ulong CmdqBase = 0x90, CmdqProd = 0x98, CmdqCons = 0x9C;
        public const ulong EventqBase = 0xA0;
        // The event queue's index registers live in page 1 (64 KiB up).
        public const ulong EventqProd = 0x100A8, EventqCons = 0x100AC;

        // IDR0: S2P, S1P, TTF (bit 3: AArch64 tables), ST_LEVEL (0 = linear stream table only).
        public const uint Idr0S2p = 1u << 0, Idr0S1p = 1u << 1, Idr0TtfAArch64 = 1u << 3;
        // IDR1: SIDSIZE [5:0], EVENTQS [20:16], CMDQS [25:21] (log2 of the largest sizes).
        public const int Idr1EventqsShift = 16, Idr1CmdqsShift = 21;
        public const uint Idr1SizeMask = 0x1F, Idr1SidSizeMask = 0x3F;
        // IDR5: OAS [2:0] (the PARange encoding), GRAN4K.
        public const uint Idr5OasMask = 0x7, Idr5Gran4K = 1u << 4;

        // CR0: SMMUEN, EVENTQEN, CMDQEN.
        public const uint Cr0SmmuEn = 1u << 0, Cr0EventqEn = 1u << 2, Cr0CmdqEn = 1u << 3;
        // CR1: queues and tables inner/outer write-back, inner shareable.
        public const uint Cr1WriteBackInnerShareable = (1u << 0) | (1u << 2) | (3u << 4) | (1u << 6) | (1u << 8) | (3u << 10);
        // CR2: RECINVSID (record an event for a stream ID beyond the table), PTM (ignore broadcast
        // TLB maintenance: our tables never change after boot).
        public const uint Cr2RecordInvalidSid = 1u << 1, Cr2PrivateTlbMaintenance = 1u << 2;
        // GBPA: with SMMUEN clear, abort all incoming transactions (never bypass); UPDATE handshake.
        public const uint GbpaAbort = 1u << 20, GbpaUpdate = 1u << 31;
        public const uint IrqCtrlGerror = 1u << 0, IrqCtrlEventq = 1u << 2;

        // Queue and stream table base registers: read/write-allocate hint, address [51:5]/[51:6], log2 size [4:0]/[5:0].
        public const ulong BaseAllocate = 1UL << 62;
        public const ulong QueueAddressMask = 0x000FFFFFFFFFFFE0, TableAddressMask = 0x000FFFFFFFFFFFC0;
        public const uint CmdqConsErrorShift = 24, CmdqConsErrorMask = 0x7F;

        // ---- Stream table entry (64 bytes = 8 doublewords) ----
        public const int SteDwords = 8;
        public const ulong SteValid = 1;
        public const int SteConfigShift = 1;
        public const ulong SteConfigAbort = 0b000, SteConfigS1Translate = 0b101, SteConfigS2Translate = 0b110;
        public const ulong SteContextPointerMask = 0x000FFFFFFFFFFFC0;
        // DW1: S1 context fetches write-back inner shareable (CIR, COR, CSH); SHCFG = use incoming.
        public const ulong SteDw1S1ContextWriteBack = (1UL << 2) | (1UL << 4) | (3UL << 6);
        public const ulong SteDw1ShareIncoming = 1UL << 44;
        // DW2: S2VMID [15:0]; bits [50:32] mirror VTCR_EL2 [18:0] (T0SZ, SL0, IRGN0, ORGN0, SH0, TG0, PS);
        // S2AA64, S2R (record faults). S2S (stall) stays clear: faulting DMA is terminated.
        public const int SteVtcrShift = 32;
        public const ulong SteVtcrFieldsMask = 0x7FFFF, SteVtcrPsMask = 0x7UL << 16;
        public const int SteVtcrPsShift = 16;
        public const ulong SteS2Aa64 = 1UL << 51, SteS2Record = 1UL << 58;
        public const ulong SteS2TtbMask = 0x000FFFFFFFFFFFF0;

        // ---- Context descriptor (64 bytes), for SMMUs with stage 1 only ----
        public const int CdDwords = 8;
        // DW0: T0SZ [5:0], TG0 [7:6] (0 = 4 KiB), IR0/OR0 write-back, SH0 inner, EPD1 (no TTB1), V,
        // IPS [34:32], AA64 [41], R [45] (record faults), A [46] (abort, not stall), ASID [63:48].
        public const ulong CdTable0WriteBackInner = (1UL << 8) | (1UL << 10) | (3UL << 12);
        public const ulong CdEpd1 = 1UL << 30, CdValid = 1UL << 31;
        public const int CdIpsShift = 32, CdAsidShift = 48;
        public const ulong CdAa64 = 1UL << 41, CdRecord = 1UL << 45, CdAbort = 1UL << 46;
        public const ulong CdTtbMask = 0x000FFFFFFFFFFFF0;
        // DW3: MAIR; attribute 0 = Normal write-back (the only one our DMA tables use).
        public const ulong CdMairNormal = 0xFF;
        // A 39-bit input range: a stage-1 walk starting at level 1 with one 4 KiB table.
        public const ulong CdT0sz39 = 25;

        // ---- Stage-1 descriptors of the DMA tables (SMMUs without stage 2) ----
        public const ulong S1Table = 3, S1Page = 3, S1Block = 1, S1Valid = 1;
        // AttrIndx 0, inner shareable, access flag, never executable (UXN, PXN); AP[2:1]: 01 = read/write, 11 = read-only (any privilege).
        public const ulong S1Normal = (3UL << 8) | (1UL << 10) | (1UL << 53) | (1UL << 54);
        public const ulong S1ReadWrite = 1UL << 6, S1ReadOnly = 3UL << 6;
        public const ulong S1AddressMask = 0x0000FFFFFFFFF000;

        // ---- Commands (16 bytes): opcode in DW0 [7:0] ----
        public const ulong CmdCfgiSte = 0x03, CmdCfgiAll = 0x04;
        public const ulong CmdTlbiNhAll = 0x10, CmdTlbiS12VmAll = 0x28, CmdTlbiNsnhAll = 0x30;
        public const ulong CmdSync = 0x46;
        public const int CmdStreamIdShift = 32, CmdVmidShift = 32;
        public const ulong CmdCfgiLeaf = 1, CmdCfgiAllRange = 31;

        // ---- Event records (32 bytes) ----
        public const int EventDwords = 4;
        public const int EventStreamIdShift = 32;
        public const ulong EventTypeMask = 0xFF;
        public const ulong EventReadNotWrite = 1UL << 35;   // DW1 bit 3 (translation, permission ... faults)
        public const ulong EventCBadStreamId = 0x02, EventCBadSte = 0x04, EventFStreamDisabled = 0x06;
        public const ulong EventFTranslation = 0x10, EventFAddressSize = 0x11, EventFAccess = 0x12, EventFPermission = 0x13;
    }
}
