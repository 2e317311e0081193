using Bulkhead.Generated;

namespace Bulkhead.Arm64.Gic
{
    /// <summary>GIC register offsets and fields (GICv3 and GICv2 architecture specifications).</summary>
    internal static class GicRegisters
    {
        // Distributor (both versions).
        public const ulong GicdCtlr = 0x000, GicdTyper = 0x004, GicdIidr = 0x008;
        public const ulong GicdIgroupr = 0x080, GicdIsenabler = 0x100, GicdIcenabler = 0x180, GicdIspendr = 0x200, GicdIcactiver = 0x380;
        public const ulong GicdIpriorityr = 0x400, GicdItargetsr = 0x800, GicdIcfgr = 0xC00;
        public const ulong GicdSgir = 0xF00;           // GICv2
        public const ulong GicdIrouter = 0x6100;       // GICv3, 8 bytes per SPI from INTID 32
        public const ulong GicdPidr2V3 = 0xFFE8, GicdPidr2V2 = 0xFE8;
        public const uint GicdCtlrV3Enable = 0x13;     // ARE + EnableGrp1 + EnableGrp0 (single security state; Group 0: DirectCore)
        public const uint GicdCtlrV2Enable = 0x1;
        public const ulong DistributorSize = 0x10000;
        public const uint GicdTyperCpuNumberShift = 5;
        public const uint GicdTyperIdBits10 = 9u << 19, GicdTyperNo1N = 1u << 25;   // GICv3: 10-bit INTIDs (no LPIs), no 1-of-N routing
        public const uint GicdPidr2V3Value = 0x3B, GicdPidr2V2Value = 0x2B;  // ArchRev 3 / 2 (+ JEDEC bits)

        // Redistributor (GICv3): RD frame, then the SGI frame 64 KiB above.
        public const ulong GicrCtlr = 0x0, GicrIidr = 0x4, GicrTyper = 0x8, GicrWaker = 0x14, GicrPidr2 = 0xFFE8;
        public const ulong GicrSgiFrame = 0x10000;
        public const uint GicrWakerProcessorSleep = 1 << 1, GicrWakerChildrenAsleep = 1 << 2;
        public const ulong GicrTyperLast = 1UL << 4;
        public const ulong RedistributorFrameSize = 0x20000;  // RD + SGI frames (the stride may be larger)

        // GICv2 CPU interface and virtual interface control (GICH).
        public const ulong GiccCtlr = 0x0, GiccPmr = 0x4, GiccIar = 0xC, GiccEoir = 0x10, GiccDir = 0x1000;
        public const uint GiccCtlrEnable = 1, GiccCtlrEoiModeNs = 1 << 9;
        public const ulong GicvSize = 0x2000;
        public const ulong GichHcr = 0x0, GichVtr = 0x4, GichVmcr = 0x8, GichElrsr0 = 0x30, GichApr = 0xF0, GichLr0 = 0x100;

        // GICv3 CPU interface (system registers).
        public const ulong IccSreEl2Value = 0xF;        // SRE, DFB, DIB, Enable (EL1 may use ICC_SRE_EL1)
        public const ulong IccCtlrEoiMode = 1 << 1;
        public const ulong IchHcrEnable = 1, IchHcrUnderflowIrq = 1 << 1;

        // List register fields (GICv3 ICH_LR<n>_EL2).
        public const ulong LrPending = 1UL << 62, LrHardware = 1UL << 61, LrGroup1 = 1UL << 60;
        public const int LrPriorityShift = 48, LrPhysicalShift = 32;
        // List register fields (GICv2 GICH_LR<n>).
        public const uint LrV2Pending = 1u << 28, LrV2Hardware = 1u << 31;
        public const int LrV2PhysicalShift = 10;

        public const uint Spurious = 1023;
        public const byte GuestPriority = 0xA0;

        // Software-generated interrupts the hypervisor sends between cores.
        public const uint SgiCheckIn = 0;              // "re-read your state" (stop, restart, CPU_ON)
        public const uint SgiVirtualSgi = 1;           // "virtual SGIs are waiting in your mailbox"
        public const uint FirstSpi = 32;
        public const uint SgiMask = 0xFFFF;            // INTIDs 0-15 in bank 0

        /// <summary>The SGIs and PPIs the hypervisor itself uses on every core (its SGIs, the maintenance interrupt).</summary>
        public const uint HypervisorInterrupts = (1u << (int)SgiCheckIn) | (1u << (int)SgiVirtualSgi) | (1u << (int)(BoardConfig.MaintenanceIntId & 31));
    }
}
