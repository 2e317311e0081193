using Bulkhead.Build;
using Bulkhead.Emulation;

namespace Bulkhead.Systems.Bench;

/// <summary>
/// Direct interrupt delivery (docs/direct-interrupts.md, issue 16 item 4): bench/bench.yaml again
/// with 'interrupt_delivery: direct' on the bench domain, so its virtual timer reaches it at EL1
/// without the hypervisor. Rows: its virtual-timer latency against the native run's (taken from
/// the row BenchRunner already made), the latency the hypervisor adds (expected 0) and the exits
/// taken for those 1000 interrupts (expected 0).
/// </summary>
public static class DirectInterruptBench
{
    public static void Run(RepoLayout repo, BenchReport report, bool quick, TextWriter log)
    {
        var service = SystemBuilder.FindService(repo, "latency", Path.Combine(repo.Root, "bench"));
        var system = SystemBuilder.Build(repo, Variant(repo), log, serviceFolder: service);
        var machine = Machines.QemuFor(system.Board, system.Hypervisor, cores: null, cpu: "cortex-a72") with { IcountShift = 0 };
        var figures = BenchRunner.RunOnce(machine.Arguments(), log, "hypervisor, GICv3, direct interrupts");
        if (!quick) report.Deterministic &= figures.SameAs(BenchRunner.RunOnce(machine.Arguments(), log, "hypervisor, GICv3, direct interrupts, second run"));

        var native = report.Rows.FirstOrDefault(r => r.Key == "irq.virtual_timer_latency")?.Native;
        if (figures.Distribution("irq-latency-ns") is var (min, median, max))
        {
            var irq = new BenchStat(min, median, max);
            report.Rows.Add(new BenchRow("irq.virtual_timer_latency.direct", "virtual-timer interrupt latency, direct delivery (min/median/max)", "ns", irq, native,
                "the bench domain with 'interrupt_delivery: direct' (GICv3, IMO clear on its core): deadline -> guest handler, 1000 interrupts", Samples: true));
            if (native is BenchStat n)
                report.Rows.Add(new BenchRow("irq.added_by_hypervisor.direct", "virtual-timer latency added by the hypervisor, direct delivery", "ns",
                    BenchStat.Single(irq.Median > n.Median ? irq.Median - n.Median : 0), null, "median with direct delivery - native median (target: 0)"));
        }
        if (figures.Number("irq-exits") is ulong exits)
            report.Rows.Add(new BenchRow("irq.exits.direct", "exits for 1000 virtual-timer interrupts, direct delivery", "exits", BenchStat.Single(exits), BenchStat.Single(0),
                "VCPU_STATS before and after the latency loop, the reading call excluded (target: 0)"));
    }

    /// <summary>bench/bench.yaml with the bench domain's interrupts delivered directly.</summary>
    private static string Variant(RepoLayout repo)
    {
        string text = File.ReadAllText(Path.Combine(repo.Root, BenchRunner.BenchSystem));
        text = System.Text.RegularExpressions.Regex.Replace(text, "^name: bench$", "name: bench-direct", System.Text.RegularExpressions.RegexOptions.Multiline);
        const string domain = "  - name: bench\n    criticality: QM\n";
        if (!text.Contains(domain)) throw new BuildException($"bench: {BenchRunner.BenchSystem} no longer starts the bench domain with '{domain.Trim()}'");
        text = text.Replace(domain, domain + "    interrupt_delivery: direct\n");
        string file = Path.Combine(repo.OutputRoot, "bench", "bench-direct.yaml");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, text);
        return file;
    }
}
