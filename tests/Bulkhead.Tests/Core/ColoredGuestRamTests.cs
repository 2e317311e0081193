using Bulkhead.Core.Partition;
using Bulkhead.Core.Plan;
using Xunit;

namespace Bulkhead.Tests.Core;

/// <summary>
/// GuestRam's translation for a cache-coloured domain (docs/cache-coloring.md) on the host: guest
/// pages contiguous for the guest lie on the span's pages of the domain's colours, so a buffer that
/// crosses a page boundary where the colours wrap (colour 7 to the next period's colour 1 for
/// colours 1-7) is not physically contiguous: Direct refuses it and CopyIn/CopyOut (the hypercall
/// bounce path) split it page by page, never touching the colour-0 page between (the hypervisor's).
/// </summary>
[Collection(HvCoreState.Name)]
public unsafe class ColoredGuestRamTests
{
    private const string Colored = """
        domains:
          - name: safety
            criticality: ASIL-B
            cores: [1]
            memory: [{ size: 2M }]
            colors: [1, 2, 3, 4, 5, 6, 7]
        """;
    private const ulong Page = 4096;
    private const uint Colors = 16, Mask = 0b1111_1110;

    [Fact]
    public void A_buffer_across_a_wrapping_page_boundary_is_copied_page_by_page_onto_its_colours()
    {
        uint saved = GuestRam.Colors;
        try
        {
            GuestRam.Colors = Colors; // the board fact the arm64 backend sets (BoardConfig.LlcColors)
            var p = TestPartition.Plan(Colored);
            p.Start();
            int d = p.Index("safety");
            ulong span = p.System.Domain("safety")!.Memory[0].Span.Base;
            Assert.Equal(0UL, span % (Colors * Page));

            // Guest pages 0-6 are span pages 1-7 (colours 1-7); guest page 7 is span page 17.
            for (ulong i = 0; i < 16; i++)
                Assert.Equal(PlanColors.PhysicalPage(span, i, Mask, Colors) + 0x123, GuestRam.ToPhysical(d, span + i * Page + 0x123));
            Assert.Equal(span + 7 * Page + 0xFFF, GuestRam.ToPhysical(d, span + 7 * Page - 1));
            Assert.Equal(span + 17 * Page, GuestRam.ToPhysical(d, span + 7 * Page));

            // Guest pages 0 and 1 are adjacent: direct. Guest pages 6 and 7 are not: copy.
            Assert.True(GuestRam.Direct(d, span + Page - 2, 4, out byte* direct));
            Assert.Equal(span + 2 * Page - 2, (ulong)direct);
            Assert.False(GuestRam.Direct(d, span + 7 * Page - 2, 4, out _));

            byte* hvPage = (byte*)(span + 16 * Page);  // colour 0 between the two: never the guest's
            for (int i = 0; i < (int)Page; i++) hvPage[i] = 0xAA;
            byte* text = stackalloc byte[] { (byte)'p', (byte)'0', (byte)'7', (byte)'.' };
            GuestRam.CopyOut(d, span + 7 * Page - 2, text, 4);
            Assert.Equal((byte)'p', *(byte*)(span + 8 * Page - 2));
            Assert.Equal((byte)'0', *(byte*)(span + 8 * Page - 1));
            Assert.Equal((byte)'7', *(byte*)(span + 17 * Page));
            Assert.Equal((byte)'.', *(byte*)(span + 17 * Page + 1));
            for (int i = 0; i < (int)Page; i++) Assert.Equal(0xAA, hvPage[i]);

            byte* back = stackalloc byte[4];
            GuestRam.CopyIn(d, span + 7 * Page - 2, back, 4);
            Assert.Equal("p07.", new string((sbyte*)back, 0, 4));
        }
        finally { GuestRam.Colors = saved; }
    }
}
