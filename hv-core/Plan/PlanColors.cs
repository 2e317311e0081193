namespace Bulkhead.Core.Plan;

/// <summary>
/// Cache colouring arithmetic (docs/cache-coloring.md), compiled into the checker, the hypervisor
/// and the tests so they agree on every page. A 4 KiB page at physical address pa has colour
/// (pa / 4 KiB) mod colors. A coloured RAM region of the plan is the physical span the domain owns;
/// its base is aligned to colors pages (one colour period), so page j of the span has colour
/// j mod colors. The guest sees the span's pages of its colours, in order, as contiguous RAM at
/// the region's base: guest page i is span page (i / k) * colors + (the (i mod k)-th colour of the
/// mask), with k colours in the mask.
/// </summary>
public static class PlanColors
{
    public const ulong Page = 0x1000;
    /// <summary>DColorMask is a u16.</summary>
    public const uint MaxColors = 16;

    /// <summary>How many of the colours below <paramref name="colors"/> the mask has.</summary>
    public static uint Count(uint mask, uint colors)
    {
        uint n = 0;
        for (int c = 0; c < (int)colors; c++) if ((mask & (1u << c)) != 0) n++;
        return n;
    }

    /// <summary>The colour of the physical page at <paramref name="address"/>.</summary>
    public static uint ColorOf(ulong address, uint colors) => (uint)((address / Page) % colors);

    /// <summary>Bytes of a span that aligned coloured regions must be multiples of.</summary>
    public static ulong Period(uint colors) => colors * Page;

    /// <summary>The bytes the guest sees of a span: its pages of the mask's colours.</summary>
    public static ulong GuestSize(ulong span, uint mask, uint colors)
    {
        ulong pages = span / Page, period = colors;
        ulong n = pages / period * Count(mask, colors);
        for (uint c = 0; c < (uint)(pages % period); c++) if ((mask & (1u << (int)c)) != 0) n++;
        return n * Page;
    }

    /// <summary>The smallest whole number of colour periods whose pages of the mask's colours hold <paramref name="guestSize"/> bytes.</summary>
    public static ulong SpanFor(ulong guestSize, uint mask, uint colors)
    {
        ulong k = Count(mask, colors);
        if (k == 0) return 0;
        ulong pages = (guestSize + Page - 1) / Page;
        return (pages + k - 1) / k * colors * Page;
    }

    /// <summary>Physical address of guest page <paramref name="pageIndex"/> (counted from the region's base) of a coloured region at <paramref name="spanBase"/>.</summary>
    public static ulong PhysicalPage(ulong spanBase, ulong pageIndex, uint mask, uint colors)
    {
        uint k = Count(mask, colors);
        ulong period = pageIndex / k;
        uint nth = (uint)(pageIndex % k), color = 0;
        for (; color < colors; color++)
            if ((mask & (1u << (int)color)) != 0)
            {
                if (nth == 0) break;
                nth--;
            }
        return spanBase + (period * colors + color) * Page;
    }
}
