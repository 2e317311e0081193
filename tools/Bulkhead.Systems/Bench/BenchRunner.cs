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

    public static BenchReport Run(RepoLayout repo, bool quick, TextWriter log, BenchParts parts = BenchParts.All)
    {
        var report = new BenchReport { Runs = quick ? 1 : 2, Deterministic = true };
        var service = SystemBuilder.FindService(repo, "latency", Path.Combine(repo.Root, "bench"));
        if (parts.HasFlag(BenchParts.Arm64))
        {
            foreach (int gic in new[] { 3, 2 })
            {
                // The same system on the other GIC version: only the board differs (qemu-virt-gicv2).
                string file = gic == 3 ? Path.Combine(repo.Root, BenchSystem) : Gicv2Variant(repo);
                var system = SystemBuilder.Build(repo, file, log, serviceFolder: service);
                var hvMachine = Machines.QemuFor(system.Board, system.Hypervisor, cores: null, cpu: "cortex-a72") with { IcountShift = 0 };
                var hv = RunOnce(hvMachine.Arguments(), log, $"hypervisor, GICv{gic}");
                if (!quick) report.Deterministic &= hv.SameAs(RunOnce(hvMachine.Arguments(), log, $"hypervisor, GICv{gic}, second run"));
                var native = RunOnce(NativeArguments(repo, system.Board, gic, log), log, $"native, GICv{gic}");
                if (gic == 3)
                {
                    AddFigures(report, hv, native);
                    AddSizes(report, repo, system);
                }
                AddInterruptCost(report, hv, native, gic);
            }
        }
        if (parts.HasFlag(BenchParts.Network)) NetBench.Run(repo, report, quick, log);
        if (parts.HasFlag(BenchParts.X86)) X86Bench.Run(repo, quick, log, report);
        if (parts.HasFlag(BenchParts.DirectInterrupts)) DirectInterruptBench.Run(repo, report, quick, log);
        return report;
    }

    private static string Gicv2Variant(RepoLayout repo)
    {
        string text = File.ReadAllText(Path.Combine(repo.Root, BenchSystem))
            .Replace("board: qemu-virt-gicv3", "board: qemu-virt-gicv2");
        text = System.Text.RegularExpressions.Regex.Replace(text, "^name: bench$", "name: bench-gicv2", System.Text.RegularExpressions.RegexOptions.Multiline);
        string file = Path.Combine(repo.OutputRoot, "bench", "bench-gicv2.yaml");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, text);
        return file;
    }

    /// <summary>What the hypervisor adds to the virtual-timer latency (medians), per GIC version; the GICv2 latency itself too.</summary>
    private static void AddInterruptCost(BenchReport report, BenchFigures hv, BenchFigures native, int gic)
    {
        if (Stat(hv, "irq-latency-ns") is not BenchStat irq || Stat(native, "irq-latency-ns") is not BenchStat nativeIrq) return;
        if (gic == 2)
            report.Rows.Add(new BenchRow("irq.virtual_timer_latency.gicv2", "virtual-timer interrupt latency, GICv2 (min/median/max)", "ns", irq, nativeIrq,
                "the same on qemu-virt-gicv2 (memory-mapped GIC CPU interface, GICv2 list registers)", Samples: true));
        ulong added = irq.Median > nativeIrq.Median ? irq.Median - nativeIrq.Median : 0;
        report.Rows.Add(new BenchRow($"irq.added_by_hypervisor.gicv{gic}", $"virtual-timer latency added by the hypervisor, GICv{gic}", "ns", BenchStat.Single(added), null,
            "median under the hypervisor - native median (1 ns = 1 instruction)"));
    }

    /// <summary>One QEMU run of a bench image to its "bench: done" and power-off; its figures. Every ARM64 bench group runs its images through this.</summary>
    internal static BenchFigures RunOnce(IReadOnlyList<string> arguments, TextWriter log, string what, int timeoutSeconds = 120)
    {
        log.WriteLine($"bench: running {what}");
        var result = EmulatorRun.Run(QemuArm64Machine.Executable, arguments, TimeSpan.FromSeconds(timeoutSeconds));
        if (result.Outcome != RunOutcome.PoweredOff || !result.Lines.Any(l => l.EndsWith("bench: done")))
            throw new BuildException($"bench: the {what} run did not complete ({result.Outcome}):\n{result.Console}");
        return BenchFigures.Parse(result.Lines);
    }

    /// <summary>The benchmark service built natively: at the board's load address, console on its UART, on the given GIC version.</summary>
    private static IReadOnlyList<string> NativeArguments(RepoLayout repo, Board board, int gic, TextWriter log)
    {
        var ram = board.Ram.First(r => r.Contains(board.HypervisorLoadAddress));
        var target = new GuestTarget
        {
            Board = BoardTargets.Facts(board) with { InterruptController = gic == 3 ? InterruptControllerType.GicV3 : InterruptControllerType.GicV2 },
            LoadAddress = board.HypervisorLoadAddress,
            RamBase = ram.Base,
            RamSize = 256UL << 20,
            Native = true,
        };
        var service = SystemBuilder.FindService(repo, "latency", Path.Combine(repo.Root, "bench"));
        var image = new NativeBuilder(Toolchain.Locate(), log).Build(GuestBuild.Spec(repo, service, target, Path.Combine(repo.OutputRoot, "bench", $"native-gicv{gic}")));
        return new QemuArm64Machine { Virtualization = false, Cores = 1, Memory = "1024M", Kernel = image.Elf, IcountShift = 0, GicVersion = gic }.Arguments();
    }

    /// <summary>The hypercalls timed from the HVC to the next instruction: figure key, guest line, function name.</summary>
    private static readonly (string Key, string Line, string Name)[] TimedCalls =
    [
        ("hypercall.abi_version", "hvc-abi-version-cycles", "ABI_VERSION"),
        ("hypercall.heartbeat", "hvc-heartbeat-cycles", "HEARTBEAT"),
        ("hypercall.channel_notify", "hvc-channel-notify-cycles", "CHANNEL_NOTIFY"),
    ];

    private static void AddFigures(BenchReport report, BenchFigures hv, BenchFigures native)
    {
        foreach (var (key, line, name) in TimedCalls)
            if (Stat(hv, line) is BenchStat call)
                report.Rows.Add(new BenchRow(key, $"hypercall round trip, {name} (min/median/max)", "instructions", call, null,
                    "HVC -> hypervisor -> next guest instruction, 1000 calls", Samples: true));
        if (Stat(hv, "hypercall-cycles") is BenchStat sdk)
            report.Rows.Add(new BenchRow("hypercall.sdk_abi_version", "hypercall through the SDK, ABI_VERSION (min/median/max)", "instructions", sdk, null,
                "Performance.NullHypercall() between two cycle-counter reads: the above plus the SDK's call and the counter reads", Samples: true));
        AddWorstCases(report, hv);
        if (Stat(hv, "irq-latency-ns") is BenchStat irq && Stat(native, "irq-latency-ns") is BenchStat nativeIrq)
            report.Rows.Add(new BenchRow("irq.virtual_timer_latency", "virtual-timer interrupt latency (min/median/max)", "ns", irq, nativeIrq,
                "deadline -> guest handler, 1000 interrupts, 16 ns counter resolution; ratio of medians", Samples: true));
        if (hv.Number("compute-cycles") is ulong hc && native.Number("compute-cycles") is ulong nc)
            report.Rows.Add(new BenchRow("compute.run_time", "compute-bound run time", "instructions", BenchStat.Single(hc), BenchStat.Single(nc), "2,000,000-iteration loop"));
        if (hv.Number("compute-exits-per-second") is ulong eps)
            report.Rows.Add(new BenchRow("compute.exits_per_second", "exits per second, compute-bound steady state", "exits/s", BenchStat.Single(eps), BenchStat.Single(0),
                $"{hv.Number("compute-exits")} exits during the loop (target: 0)"));
        if (Stat(hv, "channel-roundtrip-ns") is BenchStat channel)
            report.Rows.Add(new BenchRow("channel.round_trip", "channel doorbell round trip across two cores (min/median/max)", "ns", channel, null,
                "write + ring in one domain, echo's handler answers on a second channel, 200 round trips", Samples: true));
        if (hv.Number("channel-throughput-bytes-per-second") is ulong bps)
            report.Rows.Add(new BenchRow("channel.throughput", "channel throughput", "bytes/s", BenchStat.Single(bps), null,
                "4 KiB channel, writer fills it, reader reads it all and acknowledges, 100 rounds (virtual time)"));
        if (hv.Number("hv-banner-ns") is ulong banner)
            report.Rows.Add(new BenchRow("boot.banner", "boot: reset -> hypervisor banner", "ns", BenchStat.Single(banner)));
        if (hv.Number("hv-domains-started-ns") is ulong started)
            report.Rows.Add(new BenchRow("boot.domains_started", "boot: reset -> domains started", "ns", BenchStat.Single(started), null, "plan checked, stage 2 built, images copied"));
        if (hv.Number("first-output-ns") is ulong first && native.Number("first-output-ns") is ulong nativeFirst)
            report.Rows.Add(new BenchRow("boot.first_output", "boot: reset -> domain's first output", "ns", BenchStat.Single(first), BenchStat.Single(nativeFirst)));
    }

    /// <summary>"hvc-worst-NAME=N" lines of the fuzzed run: the longest round trip seen per function id.</summary>
    private static void AddWorstCases(BenchReport report, BenchFigures hv)
    {
        ulong calls = hv.Number("fuzz-calls") ?? 0;
        foreach (var (line, value) in hv.Values.Where(v => v.Key.StartsWith("hvc-worst-", StringComparison.Ordinal)).OrderBy(v => v.Key, StringComparer.Ordinal))
        {
            string name = line["hvc-worst-".Length..];
            var parts = value.Split(',');   // "max:N,calls:M,function:0x..."
            ulong Field(string f) => ulong.Parse(parts.First(p => p.StartsWith(f + ":", StringComparison.Ordinal))[(f.Length + 1)..]);
            report.Rows.Add(new BenchRow($"hypercall.worst.{name.Replace('-', '_')}", $"worst hypercall path, {name.ToUpperInvariant().Replace('-', '_')}", "instructions",
                BenchStat.Single(Field("max")), null, $"longest of {Field("calls")} fuzzed calls (of {calls}), HVC -> next guest instruction"));
        }
    }

    private static BenchStat? Stat(BenchFigures figures, string name) =>
        figures.Distribution(name) is var (min, median, max) ? new BenchStat(min, median, max) : null;

    private static void AddSizes(BenchReport report, RepoLayout repo, SystemBuilder.Result system)
    {
        var elf = ElfFile.Read(system.Hypervisor.Elf);
        report.Rows.Add(new BenchRow("size.hypervisor_image", "hypervisor image, loaded (with the bench payload)", "bytes", BenchStat.Single(elf.LoadedBytes), null,
            string.Join(", ", elf.Sections.Where(s => s.IsAllocated && !s.IsNoBits && s.Size > 0).Select(s => $"{s.Name} {s.Size}"))));
        foreach (var domain in system.System.Domains)
            report.Rows.Add(new BenchRow($"size.guest.{domain.Name}", $"guest image '{domain.Name}'", "bytes", BenchStat.Single((ulong)domain.ImageSize), null));
        report.Rows.Add(new BenchRow("size.hypervisor_source", "hypervisor source lines (hv-core + hv-arm64, C# and assembly)", "lines",
            BenchStat.Single((ulong)SourceLines(repo.HvCore, repo.HvArm64)), null, "non-blank, comments included"));
    }

    public static int SourceLines(params string[] folders) =>
        folders.SelectMany(f => Directory.EnumerateFiles(f, "*.*", SearchOption.AllDirectories))
            .Where(f => f.EndsWith(".cs") || f.EndsWith(".S") || f.EndsWith(".h") || f.EndsWith(".ld"))
            .Sum(f => File.ReadLines(f).Count(l => l.Trim().Length > 0));
}
