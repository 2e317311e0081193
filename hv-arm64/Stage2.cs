using Bulkhead.Core.Partition;
using Bulkhead.Core.Plan;
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
            ulong root = (ulong)Heap.AllocateAligned(rootTables * 4096, rootTables * 4096);
            s_roots[domainIndex] = root;

            PlanDomain domain = PartitionTable.Domains[domainIndex].Plan;
            for (uint i = 0; i < domain.RegionCount; i++)
            {
                PlanRegion region = PartitionTable.Plan.GetRegion(domain.FirstRegion + i);
                Map(root, region.Base, region.Base, region.Size, Attributes(region));
            }
            // GICv2: the guest's CPU interface is the hardware's virtual CPU interface (GICV), shown
            // where the guest expects GICC. (GICv3 guests use system registers; GICD/GICR trap.)
            if (VirtualInterface.GuestCpuInterface(out ulong guestAddress, out ulong physicalAddress, out ulong size))
                Map(root, guestAddress, physicalAddress, size, S2MemDevice | S2Read | S2Write | S2ExecuteNever);
        }

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
                *entry = (ulong)Heap.AllocateAligned(4096, 4096) | S2Table;
            return (ulong*)(*entry & S2AddressMask);
        }
    }
}
