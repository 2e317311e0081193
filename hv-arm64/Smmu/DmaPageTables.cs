using Bulkhead.Core.Partition;
using Bulkhead.Core.Plan;
using Bulkhead.Runtime;
using static Bulkhead.Arm64.Smmu.SmmuRegisters;

namespace Bulkhead.Arm64.Smmu
{
    /// <summary>
    /// For an SMMU that translates at stage 1 only (QEMU 7.2's model): a per-domain stage-1 table
    /// that maps, identity (IOVA == PA, as stage 2 does for the CPUs), exactly the domain's RAM and
    /// channel memory with the domain's own read/write rights, and nothing else (no device MMIO,
    /// no other domain, no hypervisor). 4 KiB granule, 39-bit input, walk starts at level 1.
    /// Built once at boot from the heap.
    /// </summary>
    internal static unsafe class DmaPageTables
    {
        public const ulong InputLimit = 1UL << 39;

        /// <summary>The root table's physical address, or 0 when a region lies beyond the 39-bit input range.</summary>
        public static ulong Build(int domainIndex)
        {
            ulong root = HvColoring.TablePage();
            PlanDomain domain = PartitionTable.Domains[domainIndex].Plan;
            for (uint i = 0; i < domain.RegionCount; i++)
            {
                PlanRegion region = PartitionTable.Plan.GetRegion(domain.FirstRegion + i);
                if (region.Kind == PlanRegionKind.Device) continue;         // no peer-to-peer DMA into MMIO
                if ((region.Flags & PlanRegionFlags.Read) == 0) continue;
                if (region.Base + region.Size > InputLimit) return 0;
                ulong attrs = S1Normal | ((region.Flags & PlanRegionFlags.Write) != 0 ? S1ReadWrite : S1ReadOnly);
                if (domain.ColorMask != 0 && region.Kind == PlanRegionKind.Ram)
                {
                    // Cache-coloured RAM: the device sees the guest's addresses, page by page onto its colours (as stage 2).
                    ulong pages = GuestRam.WindowSize(domain.ColorMask, region) / GuestRam.Page;
                    for (ulong p = 0; p < pages; p++)
                        Map(root, region.Base + p * GuestRam.Page, PlanColors.PhysicalPage(region.Base, p, domain.ColorMask, GuestRam.Colors), GuestRam.Page, attrs);
                }
                else Map(root, region.Base, region.Base, region.Size, attrs);
            }
            return root;
        }

        private static void Map(ulong root, ulong address, ulong physical, ulong size, ulong attrs)
        {
            ulong end = address + ((size + 0xFFF) & ~0xFFFUL);
            address &= ~0xFFFUL;
            physical &= ~0xFFFUL;
            while (address < end)
            {
                ulong* l1 = (ulong*)root + (address >> 30);
                ulong* l2 = NextTable(l1) + ((address >> 21) & 511);
                if ((address & 0x1FFFFF) == 0 && (physical & 0x1FFFFF) == 0 && end - address >= 0x200000 && (*l2 & S1Valid) == 0)
                {
                    *l2 = physical | attrs | S1Block;
                    address += 0x200000; physical += 0x200000;
                    continue;
                }
                ulong* l3 = NextTable(l2) + ((address >> 12) & 511);
                *l3 = physical | attrs | S1Page;
                address += 0x1000; physical += 0x1000;
            }
        }

        /// <remarks>Plan regions never overlap (checked), so an entry is never both a block and a table.</remarks>
        private static ulong* NextTable(ulong* entry)
        {
            if ((*entry & S1Valid) == 0)
                *entry = HvColoring.TablePage() | S1Table;
            return (ulong*)(*entry & S1AddressMask);
        }
    }
}
