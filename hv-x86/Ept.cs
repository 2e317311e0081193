namespace Bulkhead.X86
{
    /// <summary>
    /// Extended page tables: the guest-physical to host-physical map of one domain. Identity by
    /// default (GPA == HPA), 2 MiB pages where the range allows, 4 KiB pages elsewhere. Whatever
    /// is not mapped faults into the hypervisor as an EPT violation.
    /// </summary>
    internal static unsafe class Ept
    {
        public const ulong Read = 1, Write = 2, Execute = 4;
        private const ulong WriteBackLeaf = 6UL << 3;       // memory type WB in leaf entries
        private const ulong LargePage = 1UL << 7;
        private const ulong AddressMask = 0x000FFFFFFFFFF000UL;
        private const ulong TwoMegabytes = 0x200000;

        /// <summary>A new, empty map: the EPT pointer (PML4 address, WB, 4-level walk).</summary>
        public static ulong Create() => PageAllocator.Allocate() | (3UL << 3) | 6UL;

        public static ulong Root(ulong eptPointer) => eptPointer & AddressMask;

        /// <summary>Maps [gpa, gpa + size) to [hpa, ...) with <paramref name="access"/> (page-aligned).</summary>
        public static void Map(ulong eptPointer, ulong gpa, ulong hpa, ulong size, ulong access)
        {
            ulong end = gpa + size;
            while (gpa < end)
            {
                bool large = (gpa & (TwoMegabytes - 1)) == 0 && (hpa & (TwoMegabytes - 1)) == 0 && end - gpa >= TwoMegabytes;
                ulong* pd = Table(Table((ulong*)Root(eptPointer), gpa, 39), gpa, 30);
                ulong pdIndex = (gpa >> 21) & 511;
                if (large)
                {
                    pd[pdIndex] = hpa | access | WriteBackLeaf | LargePage;
                    gpa += TwoMegabytes; hpa += TwoMegabytes;
                    continue;
                }
                ulong* pt = Table(pd, gpa, 21);
                pt[(gpa >> 12) & 511] = hpa | access | WriteBackLeaf;
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
