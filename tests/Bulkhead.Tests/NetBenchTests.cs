using Bulkhead.Systems.Bench;
using Xunit;

namespace Bulkhead.Tests;

/// <summary>The network rows of the bench (bench/net.yaml, NetBench) exist and are plausible: one quick run.</summary>
[Collection("emulator")]
public class NetBenchTests
{
    [Fact]
    public void NetworkBenchGivesRingAndUdpFiguresThroughTheDriverAndDirect()
    {
        var report = new BenchReport { Runs = 1 };
        NetBench.Run(TestImages.Repo, report, quick: true, TextWriter.Null);
        BenchStat Hv(string key) => report.Row(key).Hypervisor;

        // A ring round trip is two ring writes, two doorbells and two wake-ups: microseconds, not milliseconds.
        Assert.InRange(Hv("net.ring_round_trip").Min, 100UL, 1_000_000UL);
        Assert.True(Hv("net.ring_round_trip").Median >= Hv("net.ring_round_trip").Min);
        Assert.InRange(Hv("net.ring_throughput").Median, 1_000_000UL, 100_000_000_000UL);

        var udp = report.Row("net.udp_round_trip");
        Assert.NotNull(udp.Native);
        Assert.InRange(udp.Hypervisor.Median, 1_000UL, 100_000_000UL);
        Assert.InRange(udp.Native!.Value.Median, 1_000UL, 100_000_000UL);
        // The driver domain adds two ring hops each way: never faster than the card alone... and the ring alone is faster than either.
        Assert.True(udp.Hypervisor.Median > Hv("net.ring_round_trip").Median);

        var pps = report.Row("net.udp_packets_per_second");
        Assert.NotNull(pps.Native);
        Assert.InRange(pps.Hypervisor.Median, 100UL, 100_000_000UL);
        Assert.InRange(pps.Native!.Value.Median, 100UL, 100_000_000UL);
        Assert.Matches(@"\(\d+ through the driver, \d+ direct\)", pps.Note);
    }
}
