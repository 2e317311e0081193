using Bulkhead.Core.Partition;
using Bulkhead.Core.Plan;
using Bulkhead.Core;
using Bulkhead.Core.Text;
using Bulkhead.Runtime;
using static Bulkhead.Arm64.Registers;

namespace Bulkhead.Arm64
{
    /// <summary>
    /// Per-domain stage-2 translation tables (4 KiB granule, starting at level 1): exactly the
    /// regions the plan gives the domain, identity-mapped (IPA == PA), and nothing else. Built at
    /// boot from the heap; never changed afterwards.
    /// </summary>
    internal static unsafe class Stage2
    {
        public static ulong Vtcr;
        private static int s_ipaBits;
        private static ulong[] s_roots = null!;   // per domain: physical address of the root table

        /// <summary>Chooses the IPA size from the CPU's physical address range (at most 40 bits: level-1 start).</summary>
        public static void Configure(int domainCount)
        {
            ulong parange = Cpu.ReadMmfr0() & 0xF;
            int paBits = parange switch { 0 => 32, 1 => 36, 2 => 40, 3 => 42, 4 => 44, 5 => 48, _ => 52 };
            s_ipaBits = paBits < 40 ? paBits : 40;
            Vtcr = VtcrBase | (ulong)(64 - s_ipaBits) | ((parange > 5 ? 5 : parange) << VtcrPsShift);
            s_roots = new ulong[domainCount];
        }

        public static int IpaBits => s_ipaBits;

        /// <summary>VTTBR_EL2 for a domain: its VMID (domain index + 1) and root table.</summary>
        public static ulong Vttbr(int domain) => ((ulong)(domain + 1) << 48) | s_roots[domain];

        public static void Build(int domainIndex)
        {
            // A level-1 start covers 39 bits per table; larger IPA spaces concatenate tables.
            ulong rootTables = s_ipaBits > 39 ? 1UL << (s_ipaBits - 39) : 1;
            ulong root = rootTables == 1 ? HvColoring.TablePage() : (ulong)Heap.AllocateAligned(rootTables * 4096, rootTables * 4096);
            s_roots[domainIndex] = root;

            PlanDomain domain = PartitionTable.Domains[domainIndex].Plan;
            for (uint i = 0; i < domain.RegionCount; i++)
            {
                PlanRegion region = PartitionTable.Plan.GetRegion(domain.FirstRegion + i);
                if (domain.ColorMask != 0 && region.Kind == PlanRegionKind.Ram) MapColored(domainIndex, root, domain.ColorMask, region);
                else Map(root, region.Base, region.Base, region.Size, Attributes(region));
            }
            // GICv2: the guest's CPU interface is the hardware's virtual CPU interface (GICV), shown
            // where the guest expects GICC. (GICv3 guests use system registers; GICD/GICR trap.)
            if (VirtualInterface.GuestCpuInterface(out ulong guestAddress, out ulong physicalAddress, out ulong size))
                Map(root, guestAddress, physicalAddress, size, S2MemDevice | S2Read | S2Write | S2ExecuteNever);
        }

        /// <summary>
        /// A coloured RAM region (docs/cache-coloring.md): the guest's contiguous IPA window at the
        /// region's base onto the span's 4 KiB pages of the domain's colours, in order (PlanColors).
        /// </summary>
        private static void MapColored(int domainIndex, ulong root, uint mask, PlanRegion region)
        {
            uint colors = GuestRam.Colors;
            if (colors < 2 || (mask >> (int)colors) != 0)
                Hypervisor<Arm64Architecture>.Panic(string.Concat("partition plan rejected: domain ", PartitionTable.Domains[domainIndex].Name, " is cache-coloured, but this build's board describes no such colours"));
            if (region.Base % PlanColors.Period(colors) != 0 || region.Size % PlanColors.Period(colors) != 0)
                Hypervisor<Arm64Architecture>.Panic(string.Concat("partition plan rejected: a coloured region of domain ", PartitionTable.Domains[domainIndex].Name, " does not start and end on a colour period"));
            ulong pages = PlanColors.GuestSize(region.Size, mask, colors) / GuestRam.Page, attrs = Attributes(region);
            for (ulong i = 0; i < pages; i++)
                Map(root, region.Base + i * GuestRam.Page, PlanColors.PhysicalPage(region.Base, i, mask, colors), GuestRam.Page, attrs);
            Check(domainIndex, root, mask, region, pages);
        }

        /// <summary>
        /// Walks the tables just built, independently of how they were built, and proves what the
        /// domain can reach of the region: every page of its window is a 4 KiB page inside the span of
        /// one of its colours, physical addresses strictly increase (no page twice), and the IPA after
        /// the window is unmapped. Prints "hv: domain NAME: N pages of colours 0x.. in [span) (stage 2 walked)".
        /// </summary>
        private static void Check(int domainIndex, ulong root, uint mask, PlanRegion region, ulong pages)
        {
            ulong previous = 0, seen = 0;
            uint colors = GuestRam.Colors, hvColors = HvColoring.Colors;
            for (ulong i = 0; i <= pages; i++)
            {
                ulong ipa = region.Base + i * GuestRam.Page;
                ulong leaf = Leaf(root, ipa);
                // A coloured hypervisor keeps these tables on its colour too (HvColoring.TablePage): the level-2 and level-3 table of each 2 MiB.
                if (hvColors != 0 && leaf != 0 && (i == 0 || (ipa & 0x1FFFFF) == 0) && !TablesOfColorZero(root, ipa, hvColors))
                    Fail(domainIndex, ipa, "translated by a table not of the hypervisor's colour");
                if (i == pages)
                {
                    if (leaf != 0 && ipa < region.Base + region.Size) Fail(domainIndex, ipa, "mapped beyond the guest's window");
                    break;
                }
                if (leaf == 0) Fail(domainIndex, ipa, "not mapped by a 4 KiB page");
                ulong pa = leaf & S2AddressMask;
                if (pa < region.Base || pa >= region.Base + region.Size) Fail(domainIndex, ipa, "outside the domain's span");
                if ((mask & (1u << (int)PlanColors.ColorOf(pa, colors))) == 0) Fail(domainIndex, ipa, "on a page of another colour");
                if (i != 0 && pa <= previous) Fail(domainIndex, ipa, "on a physical page used twice");
                previous = pa;
                seen++;
            }
            LineBuffer line = default;
            line.Append("hv: domain ");
            line.Append(PartitionTable.Domains[domainIndex].Name);
            line.Append(": ");
            line.AppendDecimal(seen);
            line.Append(" pages of colours ");
            line.AppendHex(mask, 4);
            line.Append(" in ");
            line.AppendHex(region.Base, 1);
            line.Append("-");
            line.AppendHex(region.Base + region.Size, 1);
            line.Append(hvColors != 0 ? " (stage 2 walked, each page one of its colours, its tables of colour 0)" : " (stage 2 walked, each page one of its colours)");
            DomainConsole<Arm64Architecture>.HvLine(ref line);
        }

        /// <summary>True when the level-2 and level-3 tables that translate <paramref name="ipa"/> are on colour-0 pages.</summary>
        private static bool TablesOfColorZero(ulong root, ulong ipa, uint colors)
        {
            ulong l2Table = ((ulong*)root)[ipa >> 30] & S2AddressMask;
            ulong l3Table = ((ulong*)l2Table)[(ipa >> 21) & 511] & S2AddressMask;
            return PlanColors.ColorOf(l2Table, colors) == 0 && PlanColors.ColorOf(l3Table, colors) == 0;
        }

        /// <summary>The level-3 page descriptor for an IPA, 0 when it is unmapped or a block (coloured RAM has only pages).</summary>
        private static ulong Leaf(ulong root, ulong ipa)
        {
            ulong l1 = ((ulong*)root)[ipa >> 30];
            if ((l1 & 3) != S2Table) return 0;
            ulong l2 = ((ulong*)(l1 & S2AddressMask))[(ipa >> 21) & 511];
            if ((l2 & 3) != S2Table) return 0;
            ulong l3 = ((ulong*)(l2 & S2AddressMask))[(ipa >> 12) & 511];
            return (l3 & 3) == S2Page ? l3 : 0;
        }

        private static void Fail(int domainIndex, ulong ipa, string what)
            => Hypervisor<Arm64Architecture>.Panic(string.Concat("stage 2 of coloured domain ", PartitionTable.Domains[domainIndex].Name, ": IPA 0x", ipa.ToString("x"), " is ", what));

        private static ulong Attributes(PlanRegion region)
        {
            ulong attrs = region.Kind == PlanRegionKind.Device ? S2MemDevice : S2MemNormal | S2InnerShareable;
            if ((region.Flags & PlanRegionFlags.Read) != 0) attrs |= S2Read;
            if ((region.Flags & PlanRegionFlags.Write) != 0) attrs |= S2Write;
            if ((region.Flags & PlanRegionFlags.Execute) == 0 || region.Kind == PlanRegionKind.Device) attrs |= S2ExecuteNever;
            return attrs;
        }

        private static void Map(ulong root, ulong ipa, ulong pa, ulong size, ulong attrs)
        {
            ulong end = ipa + ((size + 0xFFF) & ~0xFFFUL);
            while (ipa < end)
            {
                ulong* l1 = (ulong*)root + (ipa >> 30);
                ulong* l2 = NextTable(l1) + ((ipa >> 21) & 511);
                if ((ipa & 0x1FFFFF) == 0 && (pa & 0x1FFFFF) == 0 && end - ipa >= 0x200000 && (*l2 & S2Valid) == 0)
                {
                    *l2 = pa | attrs | S2AccessFlag | S2Block;
                    ipa += 0x200000; pa += 0x200000;
                    continue;
                }
                ulong* l3 = NextTable(l2) + ((ipa >> 12) & 511);
                *l3 = pa | attrs | S2AccessFlag | S2Page;
                ipa += 0x1000; pa += 0x1000;
            }
        }

        /// <summary>The table an entry points to, created (zeroed) when the entry is still invalid.</summary>
        /// <remarks>Plan regions never overlap (the checker proves it), so an entry is never both a block and a table.</remarks>
        private static ulong* NextTable(ulong* entry)
        {
            if ((*entry & S2Valid) == 0)
                *entry = HvColoring.TablePage() | S2Table; // colour 0 in a coloured system
            return (ulong*)(*entry & S2AddressMask);
        }
    }
}
