using System.Runtime;
using System.Runtime.CompilerServices;
using Bulkhead.Core;
using Bulkhead.Core.Partition;
using Bulkhead.Core.Plan;
using Bulkhead.Core.Text;
using Bulkhead.Runtime;

namespace Bulkhead.Arm64
{
    /// <summary>
    /// The hypervisor's own colour (docs/cache-coloring.md). In a coloured system the boot core moved
    /// the hypervisor's code, data, .bss, page tables and stacks onto pages of colour 0 before its MMU
    /// was on (boot/hv-color.S). This walks the EL2 tables the cores run on, from TTBR0_EL2, as the
    /// hardware would, independently of how they were built, and proves it: every page of that range
    /// is a 4 KiB page of colour 0, at a physical address above the previous one (no page twice), and
    /// every table on the way is on colour 0 too. Like Stage2.Check for the domains.
    /// </summary>
    internal static unsafe class HvColoring
    {
        private const ulong Page = 4096;
        private const ulong AddressMask = 0x0000_FFFF_FFFF_F000UL;

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "arm64_hv_color_layout")]
        private static extern ulong Layout(ulong what);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "arm64_read_ttbr0_el2")]
        private static extern ulong ReadTtbr0();

        /// <summary>Colours of the hypervisor's map (0: an uncoloured system, nothing was moved).</summary>
        public static uint Colors => (uint)Layout(0);

        /// <summary>Walks the hypervisor's own map and prints what it found; panics naming the first wrong page.</summary>
        public static void Check()
        {
            uint colors = Colors;
            if (colors == 0) return;
            ulong start = Layout(1), end = Layout(2), pool = Layout(3);
            ulong root = ReadTtbr0() & AddressMask;
            if (PlanColors.ColorOf(root, colors) != 0) Fail(start, "walked from a root table not of colour 0");
            ulong previous = 0, pages = 0, first = 0, last = 0;
            for (ulong va = start; va < end; va += Page)
            {
                ulong pa = Walk(root, va, colors);
                if (PlanColors.ColorOf(pa, colors) != 0) Fail(va, "on a page not of colour 0");
                if (pages != 0 && pa <= previous) Fail(va, "on a physical page used twice");
                if (pages == 0) first = pa;
                previous = last = pa;
                pages++;
            }
            LineBuffer line = default;
            line.Append("hv: colour walk: hypervisor ");
            line.AppendDecimal(pages);
            line.Append(" pages, all colour 0 (");
            line.AppendHex(start, 1);
            line.Append("-");
            line.AppendHex(end, 1);
            line.Append(" on ");
            line.AppendHex(first, 1);
            line.Append("-");
            line.AppendHex(last + Page, 1);
            line.Append(" of the pool at ");
            line.AppendHex(pool, 1);
            line.Append(", ");
            line.AppendDecimal(colors);
            line.Append(" colours; stage-2 and DMA tables on colour 0 too, the rest of the heap identity)");
            DomainConsole<Arm64Architecture>.HvLine(ref line);
        }

        /// <summary>The physical page behind <paramref name="va"/>: levels 0-2 must be tables on colour 0, level 3 a page.</summary>
        private static ulong Walk(ulong root, ulong va, uint colors)
        {
            ulong table = root;
            for (int level = 0; level < 3; level++)
            {
                ulong entry = ((ulong*)table)[(va >> (39 - 9 * level)) & 511];
                if ((entry & 3) != 3) Fail(va, level == 0 ? "not mapped" : "not mapped by a 4 KiB page");
                table = entry & AddressMask;
                if (PlanColors.ColorOf(table, colors) != 0) Fail(va, "walked through a table not of colour 0");
            }
            ulong leaf = ((ulong*)table)[(va >> 12) & 511];
            if ((leaf & 3) != 3) Fail(va, "not mapped by a 4 KiB page");
            return leaf & AddressMask;
        }

        private static ulong s_nextTablePage;
        private static ulong s_tablePages;

        /// <summary>Translation tables the hypervisor put on colour-0 pages of the pool (stage 2, DMA).</summary>
        public static ulong TablePages => s_tablePages;

        /// <summary>
        /// A zeroed 4 KiB page for a translation table (stage 2, the SMMU's DMA tables): in a
        /// coloured system a colour-0 page of the pool after those the hypervisor's image took
        /// (identity-mapped, so its address is the physical one the hardware walks), else from the
        /// heap. The stage-2 tables are what the hardware walks on every TLB miss of a domain, so
        /// they are most of what the hypervisor's memory costs the domains' cache lines. When the
        /// pool has no page left, the heap.
        /// </summary>
        public static ulong TablePage()
        {
            uint colors = Colors;
            if (colors != 0)
            {
                ulong period = colors * Page;
                if (s_nextTablePage == 0) s_nextTablePage = Layout(3) + (Layout(2) - Layout(1)) / Page * period;
                if (s_nextTablePage + Page <= Layout(3) + Layout(4))
                {
                    ulong page = s_nextTablePage;
                    s_nextTablePage += period;
                    for (ulong i = 0; i < Page; i += 8) *(ulong*)(page + i) = 0;
                    s_tablePages++;
                    return page;
                }
            }
            return (ulong)Heap.AllocateAligned(Page, Page);
        }

        private static void Fail(ulong va, string what)
            => Hypervisor<Arm64Architecture>.Panic(string.Concat("hypervisor colouring: its page at 0x", va.ToString("x"), " is ", what));
    }
}
