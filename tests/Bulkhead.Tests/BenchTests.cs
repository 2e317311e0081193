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
        var report = BenchRunner.Run(TestImages.Repo, quick: true, TextWriter.Null, BenchParts.Arm64);   // the network and x86 rows have their own tests
        BenchStat Hv(string key) => report.Row(key).Hypervisor;

        foreach (string call in new[] { "hypercall.abi_version", "hypercall.heartbeat", "hypercall.channel_notify", "hypercall.sdk_abi_version" })
            Assert.InRange(Hv(call).Min, 1UL, 10000UL);
        Assert.True(Hv("hypercall.sdk_abi_version").Median > Hv("hypercall.abi_version").Median);
        // Issue 16's targets, in instructions under -icount (deterministic, not timed): a simple
        // hypercall's round trip at most 100, at most 150 added to the timer latency on both GICs.
        foreach (string call in new[] { "hypercall.abi_version", "hypercall.heartbeat", "hypercall.channel_notify" })
            Assert.InRange(Hv(call).Max, 1UL, 100UL);
        foreach (string gic in new[] { "gicv3", "gicv2" })
            Assert.InRange(Hv("irq.added_by_hypervisor." + gic).Median, 1UL, 150UL);
        // Worst cases over the fuzzed run: every returning ABI function and an unknown id, each at least its median.
        var worst = report.Rows.Where(r => r.Key.StartsWith("hypercall.worst.")).ToList();
        Assert.Equal(10, worst.Count);
        Assert.Contains("(of 120000)", worst[0].Note);
        Assert.True(Hv("hypercall.worst.abi_version").Max >= Hv("hypercall.abi_version").Median);
        Assert.True(Hv("hypercall.worst.channel_notify").Max >= Hv("hypercall.channel_notify").Median);
        Assert.Matches(@"^\d+/\d+/\d+$", report.Row("irq.virtual_timer_latency").HypervisorText);
        Assert.Equal(0UL, Hv("compute.exits_per_second").Median);
        Assert.True(Hv("channel.round_trip").Min > 0);
        Assert.True(Hv("channel.throughput").Median > 0);
        Assert.Equal("1.00x", report.Row("compute.run_time").RatioText);
        Assert.True(Hv("boot.domains_started").Median > Hv("boot.banner").Median);
        Assert.True(Hv("size.hypervisor_image").Median > 10000);
        Assert.Contains("\"deterministic\"", report.ToJson());
    }

    [Fact]
    public void JsonGivesEveryFigureAsNumbersUnderAStableKey()
    {
        var report = new BenchReport { Runs = 2, Deterministic = true };
        report.Rows.Add(new BenchRow("irq.virtual_timer_latency", "latency", "ns", new BenchStat(1, 2, 3), new BenchStat(1, 1, 2), Samples: true));
        report.Rows.Add(new BenchRow("channel.throughput", "throughput", "bytes/s", BenchStat.Single(7)));
        using var json = System.Text.Json.JsonDocument.Parse(report.ToJson());
        var root = json.RootElement;
        Assert.Equal(BenchReport.JsonFormat, root.GetProperty("format").GetString());
        Assert.True(root.GetProperty("deterministic").GetBoolean());
        var latency = root.GetProperty("figures")[0];
        Assert.Equal("irq.virtual_timer_latency", latency.GetProperty("key").GetString());
        Assert.Equal("ns", latency.GetProperty("unit").GetString());
        Assert.Equal((1UL, 2UL, 3UL), (latency.GetProperty("min").GetUInt64(), latency.GetProperty("median").GetUInt64(), latency.GetProperty("max").GetUInt64()));
        Assert.Equal(1UL, latency.GetProperty("native").GetUInt64());
        Assert.Equal(2.0, latency.GetProperty("ratio").GetDouble());
        var throughput = root.GetProperty("figures")[1];
        Assert.Equal(System.Text.Json.JsonValueKind.Null, throughput.GetProperty("native").ValueKind);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, throughput.GetProperty("ratio").ValueKind);
        Assert.Equal(7UL, throughput.GetProperty("median").GetUInt64());
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
