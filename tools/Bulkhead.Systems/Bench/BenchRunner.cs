using Bulkhead.Build;
using Bulkhead.Config.Boards;
using Bulkhead.Emulation;

namespace Bulkhead.Systems.Bench;

/// <summary>
/// Runs bench/bench.yaml under the hypervisor and the same service natively (QEMU virt without
/// virtualization, the service entered at EL1 with the console on the UART), both with
/// deterministic instruction counting, and builds the table of figures and ratios.
/// </summary>
public static class BenchRunner
{
    public const string BenchSystem = "bench/bench.yaml";

    public static BenchReport Run(RepoLayout repo, bool quick, TextWriter log)
    {
        var system = SystemBuilder.Build(repo, Path.Combine(repo.Root, BenchSystem), log);
        var hvMachine = Machines.QemuFor(system.Board, system.Hypervisor, cores: null, cpu: "cortex-a72") with { IcountShift = 0 };
        var hv = RunOnce(hvMachine.Arguments(), log, "hypervisor");
        var report = new BenchReport { Runs = quick ? 1 : 2 };
        report.Deterministic = quick || hv.SameAs(RunOnce(hvMachine.Arguments(), log, "hypervisor, second run"));

        var native = RunOnce(NativeArguments(repo, system.Board, log), log, "native");
        AddFigures(report, hv, native);
        AddSizes(report, repo, system);
        return report;
    }

    private static BenchFigures RunOnce(IReadOnlyList<string> arguments, TextWriter log, string what)
    {
        log.WriteLine($"bench: running {what}");
        var result = EmulatorRun.Run(QemuArm64Machine.Executable, arguments, TimeSpan.FromSeconds(120));
        if (result.Outcome != RunOutcome.PoweredOff || !result.Lines.Any(l => l.EndsWith("bench: done")))
            throw new BuildException($"bench: the {what} run did not complete ({result.Outcome}):\n{result.Console}");
        return BenchFigures.Parse(result.Lines);
    }

    /// <summary>The benchmark service built natively: at the board's load address, console on its UART.</summary>
    private static IReadOnlyList<string> NativeArguments(RepoLayout repo, Board board, TextWriter log)
    {
        var ram = board.Ram.First(r => r.Contains(board.HypervisorLoadAddress));
        var target = new GuestTarget
        {
            Board = BoardTargets.Facts(board) with { InterruptController = InterruptControllerType.GicV3 },
            LoadAddress = board.HypervisorLoadAddress,
            RamBase = ram.Base,
            RamSize = 256UL << 20,
            Native = true,
        };
        var service = SystemBuilder.FindService(repo, "latency", Path.Combine(repo.Root, "bench"));
        var image = new NativeBuilder(Toolchain.Locate(), log).Build(GuestBuild.Spec(repo, service, target, Path.Combine(repo.OutputRoot, "bench", "native")));
        return new QemuArm64Machine { Virtualization = false, Cores = 1, Memory = "1024M", Kernel = image.Elf, IcountShift = 0 }.Arguments();
    }

    private static void AddFigures(BenchReport report, BenchFigures hv, BenchFigures native)
    {
        if (hv.Distribution("hypercall-cycles") is var (hMin, hMed, hMax))
            report.Rows.Add(new BenchRow("hypercall round trip (min/median/max)", "instructions", $"{hMin}/{hMed}/{hMax}", null, null,
                "guest HVC -> hypervisor -> guest, 1000 calls"));
        if (hv.Distribution("irq-latency-ns") is var (iMin, iMed, iMax) && native.Distribution("irq-latency-ns") is var (nMin, nMed, nMax))
            report.Rows.Add(new BenchRow("virtual-timer interrupt latency (min/median/max)", "ns", $"{iMin}/{iMed}/{iMax}", $"{nMin}/{nMed}/{nMax}",
                BenchReport.Ratio(iMed, nMed), "deadline -> guest handler, 1000 interrupts, 16 ns counter resolution; ratio of medians"));
        if (hv.Number("compute-cycles") is ulong hc && native.Number("compute-cycles") is ulong nc)
            report.Rows.Add(new BenchRow("compute-bound run time", "instructions", hc.ToString(), nc.ToString(), BenchReport.Ratio(hc, nc), "2,000,000-iteration loop"));
        if (hv.Number("compute-exits-per-second") is ulong eps)
            report.Rows.Add(new BenchRow("exits per second, compute-bound steady state", "exits/s", eps.ToString(), "0", null,
                $"{hv.Number("compute-exits")} exits during the loop (target: 0)"));
        if (hv.Distribution("channel-roundtrip-ns") is var (cMin, cMed, cMax))
            report.Rows.Add(new BenchRow("channel doorbell round trip across two cores (min/median/max)", "ns", $"{cMin}/{cMed}/{cMax}", null, null,
                "write + ring in one domain, echo's handler answers on a second channel, 200 round trips"));
        if (hv.Number("channel-throughput-bytes-per-second") is ulong bps)
            report.Rows.Add(new BenchRow("channel throughput", "bytes/s", bps.ToString(), null, null,
                "4 KiB channel, writer fills it, reader reads it all and acknowledges, 100 rounds (virtual time)"));
        if (hv.Number("hv-banner-ns") is ulong banner)
            report.Rows.Add(new BenchRow("boot: reset -> hypervisor banner", "ns", banner.ToString(), null, null));
        if (hv.Number("hv-domains-started-ns") is ulong started)
            report.Rows.Add(new BenchRow("boot: reset -> domains started", "ns", started.ToString(), null, null, "plan checked, stage 2 built, images copied"));
        if (hv.Number("first-output-ns") is ulong first && native.Number("first-output-ns") is ulong nativeFirst)
            report.Rows.Add(new BenchRow("boot: reset -> domain's first output", "ns", first.ToString(), nativeFirst.ToString(), BenchReport.Ratio(first, nativeFirst)));
    }

    private static void AddSizes(BenchReport report, RepoLayout repo, SystemBuilder.Result system)
    {
        var elf = ElfFile.Read(system.Hypervisor.Elf);
        report.Rows.Add(new BenchRow("hypervisor image, loaded (with the bench payload)", "bytes", elf.LoadedBytes.ToString(), null, null,
            string.Join(", ", elf.Sections.Where(s => s.IsAllocated && !s.IsNoBits && s.Size > 0).Select(s => $"{s.Name} {s.Size}"))));
        foreach (var domain in system.System.Domains)
            report.Rows.Add(new BenchRow($"guest image '{domain.Name}'", "bytes", domain.ImageSize.ToString(), null, null));
        report.Rows.Add(new BenchRow("hypervisor source lines (hv-core + hv-arm64, C# and assembly)", "lines",
            SourceLines(repo.HvCore, repo.HvArm64).ToString(), null, null, "non-blank, comments included"));
    }

    public static int SourceLines(params string[] folders) =>
        folders.SelectMany(f => Directory.EnumerateFiles(f, "*.*", SearchOption.AllDirectories))
            .Where(f => f.EndsWith(".cs") || f.EndsWith(".S") || f.EndsWith(".h") || f.EndsWith(".ld"))
            .Sum(f => File.ReadLines(f).Count(l => l.Trim().Length > 0));
}
