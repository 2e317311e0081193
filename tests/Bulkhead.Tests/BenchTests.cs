using Bulkhead.Systems.Bench;
using Xunit;

namespace Bulkhead.Tests;

/// <summary>The benchmark keeps working (one quick run) and parses what the guest prints.</summary>
[Collection("emulator")]
public class BenchTests
{
    [Fact]
    public void QuickBenchProducesEveryFigureWithNoExitsInSteadyState()
    {
        var report = BenchRunner.Run(TestImages.Repo, quick: true, TextWriter.Null);
        string Row(string prefix) => Assert.Single(report.Rows, r => r.Figure.StartsWith(prefix)).Hypervisor;

        Assert.Matches(@"^\d+/\d+/\d+$", Row("hypercall round trip"));
        Assert.Matches(@"^\d+/\d+/\d+$", Row("virtual-timer interrupt latency"));
        Assert.Equal("0", Row("exits per second"));
        Assert.Matches(@"^\d+/\d+/\d+$", Row("channel doorbell round trip"));
        Assert.True(ulong.Parse(Row("channel throughput")) > 0);
        Assert.Equal("1.00x", Assert.Single(report.Rows, r => r.Figure == "compute-bound run time").Ratio);
        Assert.True(ulong.Parse(Row("boot: reset -> domains started")) > ulong.Parse(Row("boot: reset -> hypervisor banner")));
        Assert.True(ulong.Parse(Row("hypervisor image, loaded")) > 10000);
        Assert.Contains("\"deterministic\"", report.ToJson());
    }

    [Fact]
    public void FiguresAreParsedFromGuestAndHypervisorLines()
    {
        var figures = BenchFigures.Parse([
            "[bench] bench: hypercall-cycles=min:1,median:2,max:3",
            "hv: boot timeline: banner at 100 ns, domains started at 200 ns",
            "[bench] bench: compute-exits=0",
            "[bench] unrelated line",
        ]);
        Assert.Equal((1UL, 2UL, 3UL), figures.Distribution("hypercall-cycles"));
        Assert.Equal(100UL, figures.Number("hv-banner-ns"));
        Assert.Equal(200UL, figures.Number("hv-domains-started-ns"));
        Assert.Equal(0UL, figures.Number("compute-exits"));
        Assert.Equal(4, figures.Values.Count);
        Assert.True(figures.SameAs(BenchFigures.Parse(["[bench] bench: compute-exits=0", "[bench] bench: hypercall-cycles=min:1,median:2,max:3", "hv: boot timeline: banner at 100 ns, domains started at 200 ns"])));
    }
}
