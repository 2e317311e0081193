using System.Text.RegularExpressions;
using Bulkhead.Build;
using Bulkhead.Core.Plan;
using Bulkhead.Emulation;
using Xunit;

namespace Bulkhead.Tests;

/// <summary>
/// Cache colouring (docs/cache-coloring.md). The arithmetic the checker, the plan and the hypervisor
/// share (PlanColors), then tests/systems/colored.yaml under QEMU: two domains of different
/// criticality on disjoint colours run the unchanged color-memtest guest over contiguous RAM that
/// stage 2 backs with pages of their colours only; the hypervisor walks its tables at boot and
/// says what it found; 'safety' restarts once and is reloaded into its coloured pages. The
/// hypervisor itself runs on colour 0 (hv-arm64/boot/hv-color.S) and walks its own EL2 map.
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
        Assert.True(run.Lines.Any(l => l.StartsWith("hv: domain safety: ", StringComparison.Ordinal) && l.Contains(" pages of colours 0x00fe in 0x") && l.EndsWith("(stage 2 walked, each page one of its colours, its tables of colour 0)")), run.Console);
        Assert.True(run.Lines.Any(l => l.StartsWith("hv: domain telemetry: ", StringComparison.Ordinal) && l.Contains(" pages of colours 0xff00 in 0x") && l.EndsWith("(stage 2 walked, each page one of its colours, its tables of colour 0)")), run.Console);
        // The hypervisor's walk of its own EL2 map (HvColoring.Check): every page of its code, data,
        // tables and stacks is of colour 0, one per colour period of the pool (safety's span).
        var walk = Assert.Single(run.Lines, l => l.StartsWith("hv: colour walk: ", StringComparison.Ordinal));
        var m = Regex.Match(walk, @"^hv: colour walk: hypervisor (\d+) pages, all colour 0 \(0x([0-9a-f]+)-0x([0-9a-f]+) on 0x([0-9a-f]+)-0x([0-9a-f]+) of the pool at 0x40400000, 16 colours; stage-2 and DMA tables on colour 0 too, the rest of the heap identity\)$");
        Assert.True(m.Success, walk);
        var elf = ElfFile.Read(Path.Combine(TestImages.Repo.OutputRoot, "systems", $"colored-gicv{gicVersion}", "hv", "hv.elf"));
        ulong start = elf.Symbols["__hv_color_start"], end = elf.Symbols["__hv_colored_end"], pages = (end - start) / PlanColors.Page;
        Assert.Equal(pages, ulong.Parse(m.Groups[1].Value));
        Assert.Equal((start, end), (Hex(m.Groups[2].Value), Hex(m.Groups[3].Value)));
        Assert.Equal((0x40400000UL, 0x40400000UL + (pages - 1) * 16 * PlanColors.Page + PlanColors.Page), (Hex(m.Groups[4].Value), Hex(m.Groups[5].Value)));
        Assert.True(elf.Symbols["__heap_start"] >= end, "the heap is outside the coloured range");
        Assert.Equal(0x40400000UL + (elf.Symbols["__pt_l0"] - start) / PlanColors.Page * 16 * PlanColors.Page, elf.Symbols["__hv_el2_root"]);
        Assert.True(run.IndexOf(l => l == walk) < run.IndexOf(l => l.StartsWith("hv: domain safety: ", StringComparison.Ordinal)), run.Console);
        GuestVerdicts.AssertNoFailure(run);
        // A console line from 16 fragments, each across one of 16 consecutive page boundaries of the
        // guest's RAM: with 7 (8) colours, 2 of them jump physically and go through the bounce copy.
        const string straddle = "straddle: p00.p01.p02.p03.p04.p05.p06.p07.p08.p09.p10.p11.p12.p13.p14.p15. end";
        Assert.True(run.Lines.Count(l => l == "[safety] " + straddle) == 2, run.Console);
        Assert.True(run.Lines.Contains("[telemetry] " + straddle), run.Console);
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

    [Fact]
    public void A_colour_pool_too_small_for_the_hypervisor_is_refused_by_the_build_at_the_domains_memory()
    {
        // tests/systems/colored-small.yaml: 2 MiB on 15 of 16 colours spans 35 colour periods; the built hypervisor has ~100 pages.
        string file = Path.Combine(TestImages.Repo.Root, "tests", "systems", "colored-small.yaml");
        var error = Assert.Throws<BuildException>(() => Bulkhead.Systems.SystemBuilder.Build(TestImages.Repo, file, TextWriter.Null));
        Assert.Matches(@"colored-small\.yaml:13:14: error BH131: domains\[0\]\.memory\[0\]: the hypervisor runs on the colour-0 pages of the largest coloured RAM span, domain 'tiny''s 0x40400000-0x40630000 \(35 colour periods of 64 KiB\); the built hypervisor \(hv\.elf: .*\) is (\d+) pages of 4 KiB and needs one period each\. Give domain 'tiny' at least \d+ MiB of memory on its 15 colours", error.Message);
    }

    [Fact]
    public void A_colour_pool_too_small_for_the_hypervisor_stops_the_boot_with_its_figures()
    {
        // The boot core's own check, behind the build's: the same system built with the build's check left to it.
        string file = Path.Combine(TestImages.Repo.Root, "tests", "systems", "colored-small.yaml");
        var built = Bulkhead.Systems.SystemBuilder.Build(TestImages.Repo, file, TextWriter.Null, new HypervisorOptions { LeaveColorPoolToBoot = true });
        var machine = Bulkhead.Systems.Machines.QemuFor(built.Board, built.Hypervisor, cores: null, cpu: "cortex-a72").Deterministic();
        var run = EmulatorRun.Run(QemuArm64Machine.Executable, machine.Arguments(), TimeSpan.FromSeconds(60),
            stopWhen: l => l.StartsWith("PANIC", StringComparison.Ordinal));
        var panic = Assert.Single(run.Lines, l => l.StartsWith("PANIC", StringComparison.Ordinal));
        Assert.Matches(@"^PANIC: hypervisor colouring: the colour-0 pool is too small: the hypervisor's code, data, tables and stacks are \d+ pages of 4 KiB, one colour period of the pool each; the pool at 0x40400000 \(the largest coloured domain span\) has 35 periods\. Give a coloured domain more RAM or fewer colours\.$", panic);
        Assert.DoesNotContain(run.Lines, l => l.StartsWith("Bulkhead ", StringComparison.Ordinal)); // before any C#
    }

    [Fact]
    public void An_uncoloured_system_links_no_colour_and_its_root_table_is_the_identity_maps()
    {
        var elf = ElfFile.Read(TestImages.Hypervisor("qemu-virt-gicv3").Elf);
        Assert.Equal(0UL, elf.Symbols["hv_color_count"]);
        Assert.Equal(elf.Symbols["__pt_l0"], elf.Symbols["__hv_el2_root"]);
        Assert.Equal(elf.Symbols["hv_spin_core_mpidrs"], elf.Symbols["__hv_spin_mpidrs_pa"]);
        Assert.Equal(elf.Symbols["__pt_l2"] + 16 * PlanColors.Page, elf.Symbols["__pt_end"]); // no colour tables reserved
    }

    [Fact]
    public void On_a_coloured_Raspberry_Pi_3_the_spin_table_secondaries_find_their_core_list_on_colour_0()
    {
        // tests/systems/colored-raspi3b.yaml: the real rpi3b board file (8 colours), cores 1 and 2
        // released through the spin table with the hypervisor on colour 0. A core that read the
        // stale original core list would never start its domain.
        var built = Bulkhead.Systems.SystemBuilder.Build(TestImages.Repo, Path.Combine(TestImages.Repo.Root, "tests", "systems", "colored-raspi3b.yaml"), TextWriter.Null);
        var machine = new QemuArm64Machine { Model = "raspi3b", Kernel = built.Hypervisor.RawBinary, ConsoleSerial = 1 }.Deterministic();
        var run = EmulatorRun.Run(QemuArm64Machine.Executable, machine.Arguments(), TimeSpan.FromSeconds(60),
            stopWhen: l => l.Contains("halting") || l.StartsWith("PANIC", StringComparison.Ordinal));
        Assert.Matches(@"^hv: colour walk: hypervisor \d+ pages, all colour 0 \(0x80000-0x[0-9a-f]+ on 0x400000-0x[0-9a-f]+ of the pool at 0x400000, 8 colours; stage-2 and DMA tables on colour 0 too, the rest of the heap identity\)$",
            Assert.Single(run.Lines, l => l.StartsWith("hv: colour walk: ", StringComparison.Ordinal)));
        GuestVerdicts.AssertNoFailure(run);
        foreach (var domain in new[] { "safety", "telemetry" })
        {
            Assert.Contains($"[{domain}] PASS ram-pattern", run.Lines);
            Assert.Contains($"[{domain}] straddle: p00.p01.p02.p03.p04.p05.p06.p07.p08.p09.p10.p11.p12.p13.p14.p15. end", run.Lines);
            Assert.Contains($"[{domain}] color-memtest: done, 2 passed, 0 failed", run.Lines);
        }
        Assert.Contains("hv: no domain left running, powering off", run.Lines);
    }

    private static ulong Hex(string digits) => Convert.ToUInt64(digits, 16);
}
