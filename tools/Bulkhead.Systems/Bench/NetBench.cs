using Bulkhead.Build;
using Bulkhead.Emulation;

namespace Bulkhead.Systems.Bench;

/// <summary>
/// The network figures (bench/net.yaml, service bench/netbench): message rings between two cores,
/// and UDP round trip and packets/s through the network driver domain against the same service on
/// a virtio-net card of its own. The two cards the services own are joined by a QEMU hub inside
/// the emulator, so the whole run stays deterministic under -icount (nothing arrives from the host).
/// </summary>
public static class NetBench
{
    public const string NetSystem = "bench/net.yaml";

    public static void Run(RepoLayout repo, BenchReport report, bool quick, TextWriter log)
    {
        var system = SystemBuilder.Build(repo, Path.Combine(repo.Root, NetSystem), log);
        var machine = Machines.QemuFor(system.Board, system.Hypervisor, cores: null, cpu: "cortex-a72") with { IcountShift = 0 };
        var arguments = machine.Arguments().Concat(Cards()).ToList();
        var figures = BenchRunner.RunOnce(arguments, log, "network", timeoutSeconds: 300);
        if (!quick) report.Deterministic &= WithinIcount(figures).SameAs(WithinIcount(BenchRunner.RunOnce(arguments, log, "network, second run", timeoutSeconds: 300)));
        AddRows(report, figures);
    }

    /// <summary>
    /// The three cards, each on the virtio-mmio transport its domain owns. QEMU virt's bus
    /// virtio-mmio-bus.N is the board's virtioN (0xA000000 + N * 0x200; checked with `info qtree`):
    /// the driver's card on virtio31 (alone on hub 1: nothing else is on its wire), the client's on
    /// virtio23 and the peer's on virtio15, both on hub 0.
    /// </summary>
    private static IEnumerable<string> Cards() =>
    [
        "-netdev", "hubport,id=wire,hubid=1", "-device", "virtio-net-device,netdev=wire,mac=02:00:00:00:00:01,bus=virtio-mmio-bus.31",
        "-netdev", "hubport,id=client,hubid=0", "-device", "virtio-net-device,netdev=client,mac=02:00:00:00:01:14,bus=virtio-mmio-bus.23",
        "-netdev", "hubport,id=peer,hubid=0", "-device", "virtio-net-device,netdev=peer,mac=02:00:00:00:01:15,bus=virtio-mmio-bus.15",
    ];

    /// <summary>
    /// The figures -icount makes repeatable: all but the direct-card ones. QEMU's hub hands frames
    /// between the two cards from its main loop, which -icount does not schedule, so the direct
    /// figures move a little from run to run (measured: round-trip median 14.9 or 16.8 us).
    /// </summary>
    private static BenchFigures WithinIcount(BenchFigures figures)
    {
        var kept = new BenchFigures();
        foreach (var (key, value) in figures.Values)
            if (!key.StartsWith("udp-direct-", StringComparison.Ordinal)) kept.Values[key] = value;
        return kept;
    }

    private static void AddRows(BenchReport report, BenchFigures f)
    {
        if (Stat(f, "ring-roundtrip-ns") is BenchStat ring)
            report.Rows.Add(new BenchRow("net.ring_round_trip", "message ring round trip across two cores (min/median/max)", "ns", ring, null,
                "64-byte message on a duplex link, the reader asleep (doorbell), 1000 round trips", Samples: true));
        if (f.Number("ring-throughput-bytes-per-second") is ulong bps)
            report.Rows.Add(new BenchRow("net.ring_throughput", "message ring throughput across two cores", "bytes/s", BenchStat.Single(bps), null,
                $"20,000 messages of 1 KiB on a 64 KiB ring ({f.Number("ring-messages-per-second")} messages/s)"));
        const string direct = "native column: the same service on a virtio-net card of its own (no driver domain), two cards on a QEMU hub";
        if (Stat(f, "udp-driver-roundtrip-ns") is BenchStat udp)
        {
            var card = Stat(f, "udp-direct-roundtrip-ns");
            report.Rows.Add(new BenchRow("net.udp_round_trip", "UDP round trip through the network driver domain (min/median/max)", "ns", udp, card,
                $"64-byte datagram to the peer's echo port and back, 200 round trips; {direct}", Samples: true));
        }
        if (f.Number("udp-driver-packets-per-second") is ulong pps)
        {
            BenchStat? card = f.Number("udp-direct-packets-per-second") is ulong d ? BenchStat.Single(d) : null;
            report.Rows.Add(new BenchRow("net.udp_packets_per_second", "UDP packets/s through the network driver domain", "packets/s", BenchStat.Single(pps), card,
                $"burst of 2000 64-byte datagrams, counted by the peer's stack ({f.Number("udp-driver-burst-received")} through the driver, {f.Number("udp-direct-burst-received")} direct); {direct}"));
        }
    }

    private static BenchStat? Stat(BenchFigures figures, string name) =>
        figures.Distribution(name) is var (min, median, max) ? new BenchStat(min, median, max) : null;
}
