using Bulkhead.Arm64.Gic;
using Bulkhead.Core;
using Bulkhead.Core.Partition;
using Bulkhead.Core.Plan;
using Bulkhead.Core.Text;
using Bulkhead.Generated;
using Bulkhead.Runtime;
using static Bulkhead.Arm64.Smmu.SmmuRegisters;
using static Bulkhead.Arm64.Gic.GicRegisters;

namespace Bulkhead.Arm64.Smmu
{
    /// <summary>
    /// DMA isolation with the board's SMMUv3 (BoardConfig.SmmuBase; none: nothing to do). At boot,
    /// after every domain's stage-2 tables exist: a linear stream table in which each stream ID of
    /// the plan translates with its owner's address space and every other stream ID aborts; the SMMU
    /// never bypasses (GBPA aborts while it is off). An SMMU with stage 2 walks the owner's own
    /// stage-2 tables (its VMID, VTCR fields and root); one with stage 1 only (QEMU 7.2) walks a
    /// per-domain stage-1 identity table of the owner's RAM and channels (DmaPageTables). Blocked
    /// DMA is reported from the event queue (SmmuEvents). Nothing changes after boot.
    /// </summary>
    internal static unsafe class Smmuv3
    {
        private static ulong* s_streamTable;
        private static bool s_stage2;

        public static bool Present => BoardConfig.SmmuBase != 0;

        /// <summary>Once, on the boot core, after the last domain's stage-2 tables were built.</summary>
        public static void Configure()
        {
            ulong b = BoardConfig.SmmuBase;
            uint streams = PartitionTable.Plan.StreamCount;
            if (b == 0)
            {
                if (streams != 0) Panic("partition plan rejected: it gives DMA streams to domains but this board has no SMMU");
                return;
            }
            uint idr0 = Mmio.Read32(b + Idr0), idr1 = Mmio.Read32(b + Idr1), idr5 = Mmio.Read32(b + Idr5);
            s_stage2 = (idr0 & Idr0S2p) != 0;
            if (!s_stage2 && (idr0 & Idr0S1p) == 0) Panic("SMMU translates at neither stage");
            if ((idr0 & Idr0TtfAArch64) == 0 || (idr5 & Idr5Gran4K) == 0) Panic("SMMU lacks AArch64 tables with a 4 KiB granule");
            if ((idr0 & (1u << 4)) == 0) Panic("SMMU is not cache-coherent (IDR0.COHACC = 0): not supported");

            // The linear table covers the highest stream ID of the plan (at least one entry).
            uint highest = streams == 0 ? 0 : PartitionTable.Plan.GetStream(streams - 1).StreamId;
            uint log2 = 0;
            while ((1u << (int)log2) <= highest) log2++;
            if (log2 > (idr1 & Idr1SidSizeMask)) Panic("a stream ID of the plan is beyond the SMMU's SIDSIZE");

            Disable(b);
            ulong bytes = 64UL << (int)log2;
            s_streamTable = (ulong*)Heap.AllocateAligned(bytes, bytes);
            for (uint sid = 0; sid < (1u << (int)log2); sid++) SmmuStructures.Abort(Entry(sid));
            ulong oas = idr5 & Idr5OasMask;
            ulong* contexts = s_stage2 ? null : (ulong*)Heap.AllocateAligned((ulong)PartitionTable.Domains.Length * 64, 64);
            ulong* programmed = stackalloc ulong[32];   // stage 1: the context descriptors built, per domain (MaxDomains = 32)
            for (int d = 0; d < 32; d++) programmed[d] = 0;
            for (uint i = 0; i < streams; i++)
            {
                PlanStream s = PartitionTable.Plan.GetStream(i);
                int owner = (int)s.Domain;
                if (s_stage2)
                {
                    ulong vttbr = Stage2.Vttbr(owner);
                    SmmuStructures.Stage2(Entry(s.StreamId), vttbr >> 48, Stage2.Vtcr, vttbr & 0x0000FFFFFFFFFFFEUL, oas);
                    continue;
                }
                if (programmed[owner] == 0)
                {
                    ulong table = DmaPageTables.Build(owner);
                    if (table == 0) Panic("a domain with DMA streams has memory beyond the SMMU's 39-bit stage-1 range");
                    SmmuStructures.Context(contexts + owner * CdDwords, table, (ulong)owner + 1, oas);
                    programmed[owner] = (ulong)(contexts + owner * CdDwords);
                }
                SmmuStructures.Stage1(Entry(s.StreamId), programmed[owner]);
            }
            Cpu.DataSyncBarrier();

            Mmio.Write64(b + StrtabBase, BaseAllocate | ((ulong)s_streamTable & TableAddressMask));
            Mmio.Write32(b + StrtabBaseCfg, log2);   // FMT = 0: linear
            uint cmdq = (idr1 >> Idr1CmdqsShift) & Idr1SizeMask, evtq = (idr1 >> Idr1EventqsShift) & Idr1SizeMask;
            SmmuCommands.Initialize(b, cmdq < 8 ? cmdq : 8);
            SmmuEvents.Initialize(b, evtq < 7 ? evtq : 7);
            Mmio.Write32(b + Cr1, Cr1WriteBackInnerShareable);
            Mmio.Write32(b + Cr2, Cr2RecordInvalidSid | Cr2PrivateTlbMaintenance);
            Enable(b, Cr0CmdqEn | Cr0EventqEn);
            SmmuCommands.Submit(CmdCfgiAll, CmdCfgiAllRange);
            SmmuCommands.Submit(CmdTlbiNsnhAll, 0);
            string? why = SmmuCommands.Sync();
            if (why != null) Panic(why);
            RouteEventInterrupt(b);
            Enable(b, Cr0CmdqEn | Cr0EventqEn | Cr0SmmuEn);

            LineBuffer line = default;
            line.Append("hv: SMMUv3 at ");
            line.AppendHex(b, 1);
            line.Append(s_stage2 ? ": stage 2 with the owners' tables, " : ": stage 1 (no stage 2 in this SMMU) with the owners' DMA maps, ");
            line.AppendDecimal(streams);
            line.Append(" stream IDs to domains, every other stream ID aborted");
            Line(ref line);
        }

        /// <summary>The event interrupt (an edge SPI) is the hypervisor's, taken on the boot core.</summary>
        private static void RouteEventInterrupt(ulong b)
        {
            uint id = BoardConfig.SmmuEventIntId;
            if (id < FirstSpi) return;   // none: events are still recorded, just not reported
            ulong icfgr = BoardConfig.GicDistributor + GicdIcfgr + (id / 16) * 4;
            Mmio.Write32(icfgr, Mmio.Read32(icfgr) | (2u << (int)((id % 16) * 2)));
            PhysicalGic.RouteSpi(id, 0);
            PhysicalGic.SetEnabled(0, id, true);
            Mmio.Write32(b + IrqCtrl, IrqCtrlEventq | IrqCtrlGerror);
            Wait(b + IrqCtrlAck, IrqCtrlEventq | IrqCtrlGerror);
        }

        /// <summary>On the event interrupt.</summary>
        public static void OnEventInterrupt() => SmmuEvents.Drain();

        /// <summary>The owner domain of a stream ID and the plan index of its device, or -1.</summary>
        public static int OwnerOf(uint streamId, out uint device)
        {
            device = 0;
            uint lo = 0, hi = PartitionTable.Plan.StreamCount;
            while (lo < hi)
            {
                uint mid = (lo + hi) / 2;
                PlanStream s = PartitionTable.Plan.GetStream(mid);
                if (s.StreamId == streamId) { device = s.Device; return (int)s.Domain; }
                if (s.StreamId < streamId) lo = mid + 1; else hi = mid;
            }
            return -1;
        }

        public static void Line(string text) => DomainConsole<Arm64Architecture>.HvLine(text);
        public static void Line(ref LineBuffer line) => DomainConsole<Arm64Architecture>.HvLine(ref line);

        private static ulong* Entry(uint streamId) => s_streamTable + streamId * SteDwords;

        // Off, and aborting (never bypassing) whatever arrives while off.
        private static void Disable(ulong b)
        {
            Mmio.Write32(b + Cr0, 0);
            Wait(b + Cr0Ack, 0);
            Mmio.Write32(b + Gbpa, GbpaUpdate | GbpaAbort);
            for (int spin = 0; spin < 1000000 && (Mmio.Read32(b + Gbpa) & GbpaUpdate) != 0; spin++) { }
        }

        private static void Enable(ulong b, uint cr0)
        {
            Mmio.Write32(b + Cr0, cr0);
            Wait(b + Cr0Ack, cr0);
        }

        private static void Wait(ulong register, uint value)
        {
            for (int spin = 0; spin < 10000000; spin++)
                if (Mmio.Read32(register) == value) return;
            Panic("SMMU did not acknowledge a control register write");
        }

        private static void Panic(string why) => Hypervisor<Arm64Architecture>.Panic(string.Concat("DMA isolation: ", why));
    }
}
