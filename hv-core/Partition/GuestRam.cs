using Bulkhead.Core.Plan;

namespace Bulkhead.Core.Partition
{
    /// <summary>
    /// Guest-physical addresses (IPAs) of a domain's RAM as the hypervisor reaches them. Uncoloured
    /// domains are identity-mapped (IPA == PA). A cache-coloured domain (plan 2.7, DColorMask) owns a
    /// physical span per RAM region and sees that span's pages of its colours, contiguous from the
    /// region's base (PlanColors): the hypervisor translates page by page wherever it reads or writes
    /// guest RAM (image loads, hypercall buffers). Colours themselves are a board fact the backend
    /// sets before the first domain is built.
    /// </summary>
    public static unsafe class GuestRam
    {
        public const ulong Page = PlanColors.Page;

        /// <summary>Colours of the board's LLC this build uses (BoardConfig.LlcColors), 0 = none described.</summary>
        public static uint Colors;

        public static bool IsColored(int domain) => PartitionTable.Domains[domain].Plan.ColorMask != 0;

        /// <summary>Bytes of IPA space the guest sees of one of its RAM regions (from the region's base).</summary>
        public static ulong WindowSize(uint colorMask, PlanRegion region)
            => colorMask == 0 || region.Kind != PlanRegionKind.Ram ? region.Size : PlanColors.GuestSize(region.Size, colorMask, Colors);

        /// <summary>The physical address behind an IPA of the domain (identity outside coloured RAM: channels, devices).</summary>
        public static ulong ToPhysical(int domain, ulong ipa)
        {
            PlanDomain d = PartitionTable.Domains[domain].Plan;
            if (d.ColorMask == 0) return ipa;
            for (uint i = 0; i < d.RegionCount; i++)
            {
                PlanRegion r = PartitionTable.Plan.GetRegion(d.FirstRegion + i);
                if (r.Kind != PlanRegionKind.Ram || ipa < r.Base || ipa - r.Base >= WindowSize(d.ColorMask, r)) continue;
                return PlanColors.PhysicalPage(r.Base, (ipa - r.Base) / Page, d.ColorMask, Colors) + (ipa & (Page - 1));
            }
            return ipa;
        }

        /// <summary>
        /// A pointer to [ipa, ipa + length) when the bytes are physically contiguous (always for an
        /// uncoloured domain; for a coloured one when no page boundary inside it jumps). Otherwise
        /// false: copy with <see cref="CopyIn"/> / <see cref="CopyOut"/>.
        /// </summary>
        public static bool Direct(int domain, ulong ipa, ulong length, out byte* pointer)
        {
            if (PartitionTable.Domains[domain].Plan.ColorMask == 0) { pointer = (byte*)ipa; return true; }
            ulong pa = ToPhysical(domain, ipa);
            pointer = (byte*)pa;
            for (ulong page = (ipa & ~(Page - 1)) + Page; length != 0 && page <= ipa + length - 1; page += Page)
                if (ToPhysical(domain, page) != pa + (page - ipa)) return false;
            return true;
        }

        /// <summary>Copies guest bytes at <paramref name="ipa"/> to the hypervisor's <paramref name="to"/>, page by page.</summary>
        public static void CopyIn(int domain, ulong ipa, byte* to, ulong length) => Copy(domain, ipa, to, length, toGuest: false);

        /// <summary>Copies the hypervisor's <paramref name="from"/> to guest RAM at <paramref name="ipa"/>, page by page.</summary>
        public static void CopyOut(int domain, ulong ipa, byte* from, ulong length) => Copy(domain, ipa, from, length, toGuest: true);

        /// <summary>One page's part at a time: each guest page is translated on its own (coloured RAM is not physically contiguous).</summary>
        private static void Copy(int domain, ulong ipa, byte* hypervisor, ulong length, bool toGuest)
        {
            while (length != 0)
            {
                ulong chunk = Page - (ipa & (Page - 1));
                if (chunk > length) chunk = length;
                byte* guest = (byte*)ToPhysical(domain, ipa);
                byte* from = toGuest ? hypervisor : guest, to = toGuest ? guest : hypervisor;
                for (ulong i = 0; i < chunk; i++) to[i] = from[i];
                ipa += chunk; hypervisor += chunk; length -= chunk;
            }
        }
    }
}
