using Bulkhead.Core.Partition;
using Bulkhead.Core.Plan;

namespace Bulkhead.X86
{
    /// <summary>
    /// The guest's own page tables. Guests start in 64-bit mode, so the hypervisor builds them an
    /// identity map of the low 4 GiB in 2 MiB pages, in the top 24 KiB of the domain's first RAM
    /// region. The EPT, not these tables, decides what the domain can reach. Also walks the
    /// guest's current tables to fetch instruction bytes for the decoder.
    /// </summary>
    internal static unsafe class GuestPaging
    {
        /// <summary>PML4, PDPT and four page directories.</summary>
        public const ulong TablePages = 6;
        public const ulong TableBytes = TablePages * PageAllocator.PageSize;

        /// <summary>The domain's first RAM region (the plan guarantees every domain has one).</summary>
        public static PlanRegion FirstRam(int domain)
        {
            PlanDomain d = PartitionTable.Domains[domain].Plan;
            for (uint i = 0; i < d.RegionCount; i++)
            {
                PlanRegion r = PartitionTable.Plan.GetRegion(d.FirstRegion + i);
                if (r.Kind == PlanRegionKind.Ram) return r;
            }
            return PartitionTable.Plan.GetRegion(d.FirstRegion);
        }

        /// <summary>Writes the tables at <paramref name="pml4"/> (the guest's CR3).</summary>
        public static void Build(ulong pml4)
        {
            ulong pdpt = pml4 + PageAllocator.PageSize;
            ulong pd = pdpt + PageAllocator.PageSize;
            for (ulong i = 0; i < TableBytes / 8; i++) ((ulong*)pml4)[i] = 0;
            ((ulong*)pml4)[0] = pdpt | Registers.PtePresent | Registers.PteWritable;
            for (ulong i = 0; i < 4; i++)
                ((ulong*)pdpt)[i] = (pd + i * PageAllocator.PageSize) | Registers.PtePresent | Registers.PteWritable;
            for (ulong i = 0; i < 4 * 512; i++)
                ((ulong*)pd)[i] = (i << 21) | Registers.PtePresent | Registers.PteWritable | Registers.PteLargePage;
        }

        /// <summary>Guest-linear to guest-physical through the guest's tables; false if unmapped or outside its RAM.</summary>
        public static bool Translate(int domain, ulong cr0, ulong cr3, ulong linear, out ulong physical)
        {
            physical = linear;
            if ((cr0 & Registers.Cr0Paging) == 0) return PartitionTable.OwnsRam(domain, linear, 1, PlanRegionFlags.Read);
            ulong table = cr3 & Registers.PteAddressMask;
            for (int shift = 39; shift >= 12; shift -= 9)
            {
                ulong entryAddress = table + ((linear >> shift) & 511) * 8;
                if (!PartitionTable.OwnsRam(domain, entryAddress, 8, PlanRegionFlags.Read)) return false; // never read hypervisor memory for a guest
                ulong entry = *(ulong*)entryAddress;
                if ((entry & Registers.PtePresent) == 0) return false;
                if (shift == 12 || ((shift == 21 || shift == 30) && (entry & Registers.PteLargePage) != 0))
                {
                    ulong pageMask = (1UL << shift) - 1;
                    physical = (entry & Registers.PteAddressMask & ~pageMask) | (linear & pageMask);
                    return PartitionTable.OwnsRam(domain, physical, 1, PlanRegionFlags.Read);
                }
                table = entry & Registers.PteAddressMask;
            }
            return false;
        }

        /// <summary>Copies up to <paramref name="count"/> bytes of guest code at <paramref name="rip"/>; returns how many were readable.</summary>
        public static int FetchCode(int domain, ulong cr0, ulong cr3, ulong rip, byte* buffer, int count)
        {
            for (int i = 0; i < count; i++)
            {
                if (!Translate(domain, cr0, cr3, rip + (ulong)i, out ulong physical)) return i;
                buffer[i] = *(byte*)physical;
            }
            return count;
        }
    }
}
