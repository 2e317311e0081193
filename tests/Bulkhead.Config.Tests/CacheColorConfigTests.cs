using System.Text.Json.Nodes;
using Bulkhead.Config.Boards;
using Bulkhead.Config.Checking;
using Bulkhead.Config.Diagnostics;
using Bulkhead.Config.Planning;
using Bulkhead.Config.Reporting;
using Bulkhead.Core.Plan;

namespace Bulkhead.Config.Tests;

/// <summary>
/// Cache colouring in the checker, the reports and the plan (docs/cache-coloring.md): the board's
/// LLC, colours named or assigned, physical spans, the waivable BH128 and DColorMask (plan 2.7).
/// Bad input (BH126-BH130) is in fixtures/invalid/colors*.yaml (FixtureTests).
/// </summary>
public unsafe class CacheColorConfigTests
{
    static CheckResult Check(string yaml)
    {
        string dir = Path.Combine(Path.GetTempPath(), "bulkhead-colors-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        // A path to the board file: the temporary folder has no boards/ above it.
        string file = Path.Combine(dir, "system.yaml");
        File.WriteAllText(file, yaml.Replace("BOARD", TestPaths.Board("qemu-virt-gicv3")));
        try { return Checker.CheckFile(file); }
        finally { Directory.Delete(dir, true); }
    }

    static string Codes(CheckResult r) => string.Join("\n", r.Diagnostics.Items.Select(d => d.ToString()));

    [Theory]
    [InlineData("qemu-virt-gicv3", 1024 * 1024, 16u, 16u)]
    [InlineData("rpi4b", 1024 * 1024, 16u, 16u)]
    [InlineData("rpi3b", 512 * 1024, 8u, 8u)]
    [InlineData("zcu102", 1024 * 1024, 16u, 16u)]
    [InlineData("imx8mp-evk", 512 * 1024, 8u, 8u)]
    [InlineData("rpi5", 2 * 1024 * 1024, 32u, 16u)]   // 32 hardware colours, used as 16 (pairs c, c+16)
    public void Board_files_describe_their_llc_and_its_colours(string board, long size, uint hardware, uint used)
    {
        var bag = new DiagnosticBag();
        var b = BoardLoader.Load(TestPaths.Board(board), board, bag);
        Assert.False(bag.HasErrors, string.Join("\n", bag.Items));
        Assert.NotNull(b!.Llc);
        Assert.Equal((ulong)size, b.Llc!.Size);
        Assert.Equal(hardware, (uint)b.Llc.HardwareColors);
        Assert.Equal(used, b.Llc.Colors);
        Assert.True(b.Llc.Shared);
    }

    [Fact]
    public void Domains_without_colors_share_the_free_colours_evenly_and_the_hypervisor_keeps_colour_0()
    {
        var r = Check("""
            board: BOARD
            domains:
              - { name: brakes, criticality: ASIL-B, cores: [0], memory: 8M, watchdog_ms: 100, colors: [1, 2, 3] }
              - { name: radio, criticality: QM, cores: [1], memory: 8M }
              - { name: logger, criticality: QM, cores: [2], memory: 8M }
            """);
        Assert.True(r.System is not null, Codes(r));
        var s = r.System!;
        Assert.Equal(16u, s.CacheColors);
        Assert.Equal(0, s.HypervisorColor);
        Assert.Equal(0b1110, s.Domain("brakes")!.ColorMask);
        Assert.Equal(0b0000_0011_1111_0000, s.Domain("radio")!.ColorMask);     // 12 free colours: 6 each
        Assert.Equal(0b1111_1100_0000_0000, s.Domain("logger")!.ColorMask);
        Assert.DoesNotContain(s.Domains, d => (d.ColorMask & 1) != 0);
    }

    [Fact]
    public void A_coloured_region_owns_a_physical_span_of_whole_colour_periods_and_the_guest_sees_what_it_asked_for()
    {
        var r = Check("""
            board: BOARD
            domains:
              - { name: brakes, criticality: ASIL-B, cores: [0], memory: 8M, watchdog_ms: 100, colors: [1, 2, 3, 4] }
              - { name: radio, criticality: QM, cores: [1], memory: [{ base: 0x50000000, size: 8M }], colors: [5, 6, 7, 8, 9, 10, 11, 12] }
            """);
        Assert.True(r.System is not null, Codes(r));
        var brakes = r.System!.Domain("brakes")!.Memory[0];
        Assert.Equal(8UL << 20, brakes.Range.Size);
        Assert.Equal(32UL << 20, brakes.Span.Size);            // 4 of 16 colours: four times the RAM
        Assert.Equal(brakes.Range.Base, brakes.Span.Base);
        Assert.Equal(0UL, brakes.Span.Base % 0x200000);
        var radio = r.System.Domain("radio")!.Memory[0];
        Assert.Equal(new AddressRange(0x50000000, 16UL << 20), radio.Span);
        Assert.Equal(new AddressRange(0x50000000, 8UL << 20), radio.Range);
        Assert.False(brakes.Span.Overlaps(radio.Span));
    }

    [Fact]
    public void Spans_never_overlap_other_domains_so_an_explicit_base_inside_a_span_is_refused()
    {
        var r = Check("""
            board: BOARD
            domains:
              - { name: brakes, criticality: ASIL-B, cores: [0], memory: [{ base: 0x50000000, size: 4M }], watchdog_ms: 100, colors: [1] }
              - { name: radio, criticality: ASIL-B, cores: [1], memory: [{ base: 0x52000000, size: 4M }], watchdog_ms: 100, colors: [2] }
            """);
        Assert.Null(r.System);
        // brakes' 4 MiB on 1 colour of 16 owns 64 MiB from 0x50000000: radio's base lies inside.
        Assert.Contains(r.Diagnostics.Items, d => d.Code == Diagnostics.Codes.MemoryOverlapsDomain && d.Path == "domains[1].memory[0].base");
    }

    [Fact]
    public void Same_criticality_may_share_a_colour_different_criticality_needs_a_waiver()
    {
        var same = Check("""
            board: BOARD
            domains:
              - { name: a, criticality: QM, cores: [0], memory: 8M, colors: [1, 2] }
              - { name: b, criticality: QM, cores: [1], memory: 8M, colors: [2, 3] }
            """);
        Assert.True(same.System is not null, Codes(same));
        var waived = Checker.CheckFile(TestPaths.Fixture("valid", "colors-waived.yaml"));
        Assert.True(waived.System is not null, Codes(waived));
        Assert.Contains(waived.System!.Interference, n => n.Waived && n.Text.StartsWith("BH128 domains 'brakes' (ASIL-B) and 'radio' (QM) share LLC colour(s) 3", StringComparison.Ordinal));
    }

    [Fact]
    public void Uncoloured_systems_are_unchanged()
    {
        var r = Check("""
            board: BOARD
            domains:
              - { name: a, criticality: QM, cores: [0], memory: 8M }
            """);
        Assert.True(r.System is not null, Codes(r));
        Assert.Equal(0u, r.System!.CacheColors);
        Assert.Equal(0, r.System.Domains[0].ColorMask);
        Assert.Equal(r.System.Domains[0].Memory[0].Range, r.System.Domains[0].Memory[0].Span);
        Assert.DoesNotContain("Cache colours", TextReport.Render(r.System));
    }

    [Fact]
    public void Reports_and_the_plan_carry_the_colours()
    {
        var r = Checker.CheckFile(Path.Combine(TestPaths.Repo, "tests", "systems", "colored.yaml"));
        Assert.True(r.System is not null, Codes(r));
        var s = r.System!;
        string text = TextReport.Render(s);
        Assert.Contains("Cache colours (LLC 1 MiB, 16-way, 64 B lines, shared by all cores: 16 colours; # = the domain's)", text);
        Assert.Contains("telemetry   8,9,10,11,12,13,14,15 (assigned)", text);
        var json = JsonNode.Parse(JsonReport.Render(r))!;
        var system = json["system"] ?? json;
        Assert.Equal(16, (int)system["cacheColors"]!["colors"]!);
        Assert.Equal("[1,2,3,4,5,6,7]", system["domains"]![0]!["colors"]!.ToJsonString());
        Assert.Contains("<h2>Cache colours</h2>", HtmlReport.Render(s));

        var blob = PlanWriter.Write(s);
        fixed (byte* p = blob)
        {
            Assert.Equal(PlanError.None, PlanReader.Open(p, (uint)blob.Length, out var plan));
            Assert.Equal(2, PlanFormat.VersionMajor);
            Assert.Equal(0x00FEu, plan.GetDomain(0).ColorMask);
            Assert.Equal(0xFF00u, plan.GetDomain(1).ColorMask);
            var region = plan.GetRegion(plan.GetDomain(0).FirstRegion);
            Assert.Equal(s.Domains[0].Memory[0].Span.Size, region.Size);      // the physical span the domain owns
            Assert.True(PlanColors.GuestSize(region.Size, 0xFE, 16) >= s.Domains[0].Memory[0].Range.Size);
        }
    }
}
