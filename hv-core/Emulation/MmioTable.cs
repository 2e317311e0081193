using Bulkhead.Core.Partition;

namespace Bulkhead.Core.Emulation
{
    /// <summary>
    /// Emulated device registers, per domain: address ranges and the handler of each. Filled while
    /// booting (no allocation afterwards), read-only while guests run. An access no range claims, or
    /// one its handler refuses, is the backend's to report as a contained fault.
    /// </summary>
    /// <remarks>A handler returns false to refuse the access (reported like an unmapped address).</remarks>
    public static unsafe class MmioTable
    {
        public const int MaxRangesPerDomain = 8;

        private struct Range
        {
            public ulong Base, Size;
            public delegate*<int, ref MmioAccess, bool> Handler;
        }

        private static Range[] s_ranges = null!;   // MaxRangesPerDomain per domain
        private static int[] s_counts = null!;

        /// <summary>Forgets every range (host tests; the hypervisor fills the table once).</summary>
        public static void Clear() => s_counts = null!;

        /// <summary>Claims [base, base + size) of <paramref name="domain"/>'s address space for <paramref name="handler"/>.</summary>
        /// <returns>false when the domain already has <see cref="MaxRangesPerDomain"/> ranges</returns>
        public static bool Add(int domain, ulong baseAddress, ulong size, delegate*<int, ref MmioAccess, bool> handler)
        {
            if (s_counts == null) // sized on first use, while booting, from the partition table
            {
                s_ranges = new Range[PartitionTable.Domains.Length * MaxRangesPerDomain];
                s_counts = new int[PartitionTable.Domains.Length];
            }
            int n = s_counts[domain];
            if (n == MaxRangesPerDomain || size == 0) return false;
            ref Range range = ref s_ranges[domain * MaxRangesPerDomain + n];
            range.Base = baseAddress;
            range.Size = size;
            range.Handler = handler;
            s_counts[domain] = n + 1;
            return true;
        }

        /// <summary>Hands the access of <paramref name="core"/>'s guest to the range that claims its address.</summary>
        /// <returns>false when no range claims it or the handler refused it: a fault</returns>
        public static bool Emulate(int core, ref MmioAccess access)
        {
            int domain = PartitionTable.Cores[core].Domain;
            if (s_counts == null || domain < 0) return false;
            int n = s_counts[domain];
            for (int i = 0; i < n; i++)
            {
                ref Range range = ref s_ranges[domain * MaxRangesPerDomain + i];
                ulong offset = access.Address - range.Base;
                if (offset >= range.Size || range.Size - offset < access.Size) continue;
                access.Offset = offset;
                return range.Handler(core, ref access);
            }
            return false;
        }

        /// <summary>True when some range of <paramref name="domain"/> contains <paramref name="address"/>.</summary>
        public static bool Claims(int domain, ulong address)
        {
            if (s_counts == null) return false;
            for (int i = 0; i < s_counts[domain]; i++)
            {
                ref Range range = ref s_ranges[domain * MaxRangesPerDomain + i];
                if (address - range.Base < range.Size) return true;
            }
            return false;
        }
    }
}
