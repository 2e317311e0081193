using Bulkhead.Core.Partition;
using Bulkhead.Core.Plan;

namespace Bulkhead.X86
{
    /// <summary>
    /// Extended page tables: the guest-physical to host-physical map of one domain. Identity by
    /// default (GPA == HPA), built from the domain's regions in the partition plan (RAM write-back,
    /// devices uncached, channels read-only for readers), 2 MiB pages where the range allows,
    /// 4 KiB pages elsewhere. Whatever is not mapped faults into the hypervisor as an EPT violation.
    /// </summary>
    internal static unsafe class Ept
    {
        /// <summary>Per domain: its EPT pointer.</summary>
        public static ulong[] Pointers = new ulong[0];

        public const ulong Read = 1, Write = 2, Execute = 4;
        private const ulong WriteBack = 6, Uncached = 0;    // EPT memory types (leaf bits 5:3)
        private const ulong LargePage = 1UL << 7;
        private const ulong AddressMask = 0x000FFFFFFFFFF000UL;
        private const ulong TwoMegabytes = 0x200000;

        /// <summary>A new, empty map: the EPT pointer (PML4 address, WB, 4-level walk).</summary>
        public static ulong Create() => PageAllocator.Allocate() | (3UL << 3) | 6UL;

        public static ulong Root(ulong eptPointer) => eptPointer & AddressMask;

        public static void Initialize(int domains) => Pointers = new ulong[domains];

        /// <summary>Builds a domain's map from its plan regions.</summary>
        public static void Build(int d)
        {
            Pointers[d] = Create();
            PlanDomain plan = PartitionTable.Domains[d].Plan;
            for (uint i = 0; i < plan.RegionCount; i++)
            {
                PlanRegion r = PartitionTable.Plan.GetRegion(plan.FirstRegion + i);
                ulong access = 0;
                if ((r.Flags & PlanRegionFlags.Read) != 0) access |= Read;
                if ((r.Flags & PlanRegionFlags.Write) != 0) access |= Write | Read;
                if ((r.Flags & PlanRegionFlags.Execute) != 0) access |= Execute | Read;
                ulong type = r.Kind == PlanRegionKind.Device ? Uncached : WriteBack;
                ulong start = r.Base & ~0xFFFUL, end = (r.Base + r.Size + 0xFFF) & ~0xFFFUL;
                Map(Pointers[d], start, start, end - start, access, type);
            }
        }

        /// <summary>Maps [gpa, gpa + size) to [hpa, ...) with <paramref name="access"/> (page-aligned).</summary>
        public static void Map(ulong eptPointer, ulong gpa, ulong hpa, ulong size, ulong access, ulong memoryType)
        {
            ulong leafType = memoryType << 3;
            ulong end = gpa + size;
            while (gpa < end)
            {
                bool large = (gpa & (TwoMegabytes - 1)) == 0 && (hpa & (TwoMegabytes - 1)) == 0 && end - gpa >= TwoMegabytes;
                ulong* pd = Table(Table((ulong*)Root(eptPointer), gpa, 39), gpa, 30);
                ulong pdIndex = (gpa >> 21) & 511;
                if (large)
                {
                    pd[pdIndex] = hpa | access | leafType | LargePage;
                    gpa += TwoMegabytes; hpa += TwoMegabytes;
                    continue;
                }
                ulong* pt = Table(pd, gpa, 21);
                pt[(gpa >> 12) & 511] = hpa | access | leafType;
                gpa += PageAllocator.PageSize; hpa += PageAllocator.PageSize;
            }
        }

        /// <summary>The next-level table for <paramref name="gpa"/>, created on first use.</summary>
        private static ulong* Table(ulong* table, ulong gpa, int shift)
        {
            ulong index = (gpa >> shift) & 511;
            if ((table[index] & 7) == 0) table[index] = PageAllocator.Allocate() | Read | Write | Execute;
            return (ulong*)(table[index] & AddressMask);
        }
    }
}
