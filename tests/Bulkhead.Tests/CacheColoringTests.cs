using Bulkhead.Core.Plan;
using Bulkhead.Emulation;
using Xunit;

namespace Bulkhead.Tests;

/// <summary>
/// Cache colouring (docs/cache-coloring.md). The arithmetic the checker, the plan and the hypervisor
/// share (PlanColors), then tests/systems/colored.yaml under QEMU: two domains of different
/// criticality on disjoint colours run the unchanged color-memtest guest over contiguous RAM that
/// stage 2 backs with pages of their colours only; the hypervisor walks its tables at boot and
/// says what it found; 'safety' restarts once and is reloaded into its coloured pages.
/// QEMU has no cache timing: this shows the mappings, not the interference they remove.
/// </summary>
[Collection("emulator")]
public class CacheColoringTests
{
    [Theory]
    [InlineData(0b1111_1110u, 16u)]     // colours 1-7
    [InlineData(0b1010_0000_0000_0010u, 16u)]
    [InlineData(0b110u, 8u)]
    public void Every_guest_page_is_on_a_page_of_its_colours_inside_the_span_and_used_once(uint mask, uint colors)
    {
        ulong guest = 8UL << 20, spanBase = 0x40400000;
        ulong span = PlanColors.SpanFor(guest, mask, colors);
        Assert.Equal(0UL, span % PlanColors.Period(colors));
        ulong window = PlanColors.GuestSize(span, mask, colors);
        Assert.True(window >= guest && window - guest < PlanColors.Count(mask, colors) * PlanColors.Page, $"window {window:X} for {guest:X}");
        ulong previous = 0;
        for (ulong i = 0; i < window / PlanColors.Page; i++)
        {
            ulong pa = PlanColors.PhysicalPage(spanBase, i, mask, colors);
            Assert.True((mask & (1u << (int)PlanColors.ColorOf(pa, colors))) != 0, $"page {i} at {pa:X} has colour {PlanColors.ColorOf(pa, colors)}");
            Assert.True(pa >= spanBase && pa < spanBase + span, $"page {i} at {pa:X} is outside the span");
            Assert.True(i == 0 || pa > previous, $"page {i} at {pa:X} is not above the previous page");
            previous = pa;
        }
        // Every page of the span with one of the colours is used: nothing of the domain's colours is wasted.
        ulong ofColors = 0;
        for (ulong pa = spanBase; pa < spanBase + span; pa += PlanColors.Page)
            if ((mask & (1u << (int)PlanColors.ColorOf(pa, colors))) != 0) ofColors++;
        Assert.Equal(window / PlanColors.Page, ofColors);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void A_coloured_domain_runs_unchanged_on_pages_of_its_colours_only_and_restarts_into_them(int gicVersion)
    {
        var run = SystemRuns.Boot("colored", gicVersion);
        // The hypervisor's own walk of each coloured domain's stage-2 tables (Stage2.Check).
        Assert.True(run.Lines.Any(l => l.StartsWith("hv: domain safety: ", StringComparison.Ordinal) && l.Contains(" pages of colours 0x00fe in 0x") && l.EndsWith("(stage 2 walked, each page one of its colours)")), run.Console);
        Assert.True(run.Lines.Any(l => l.StartsWith("hv: domain telemetry: ", StringComparison.Ordinal) && l.Contains(" pages of colours 0xff00 in 0x") && l.EndsWith("(stage 2 walked, each page one of its colours)")), run.Console);
        GuestVerdicts.AssertNoFailure(run);
        // First runs of both, then safety's second run after its restart.
        Assert.True(run.Lines.Count(l => l == "[safety] PASS ram-pattern") == 2, run.Console);
        Assert.True(run.Lines.Count(l => l == "[safety] PASS ram-extent") == 2, run.Console);
        Assert.True(run.Lines.Contains("[safety] PASS image-reloaded"), run.Console);
        Assert.True(run.Lines.Contains("[safety] PASS ram-kept"), run.Console);
        Assert.True(run.Lines.Contains("[telemetry] PASS ram-pattern"), run.Console);
        Assert.True(run.Lines.Contains("[telemetry] PASS ram-extent"), run.Console);
        Assert.True(run.Lines.Contains("[safety] color-memtest: done, 2 passed, 0 failed"), run.Console);
        Assert.True(run.Lines.Contains("[safety] color-memtest: done, 4 passed, 0 failed"), run.Console);
        Assert.True(run.Lines.Contains("[telemetry] color-memtest: done, 2 passed, 0 failed"), run.Console);
        Assert.True(run.Lines.Any(l => l.StartsWith("hv: domain safety restarting", StringComparison.Ordinal)), run.Console);
        Assert.Equal(RunOutcome.PoweredOff, run.Outcome);
    }
}
