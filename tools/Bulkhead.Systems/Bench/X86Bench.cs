using Bulkhead.Build;
using Bulkhead.Config.Boards;
using Bulkhead.Emulation;

namespace Bulkhead.Systems.Bench;

/// <summary>
/// The x86 rows (keys x86.*): bench/bench-x86.yaml under hv-x86 in Bochs, and the same latency
/// service booted natively in Bochs (GRUB, no hypervisor: unikernel-sdk/guest-x64/native). Bochs'
/// clock follows its instruction count (clock: sync=none), and its TSC advances one tick per
/// instruction of the core that reads it, so each figure repeats exactly.
/// </summary>
public static class X86Bench
{
    public const string BenchSystem = "bench/bench-x86.yaml";
    /// <summary>The guest runtime's entry for a bare PC (32-bit multiboot to long mode, then _start).</summary>
    public const string NativeEntry = "native_multiboot_entry";
    // Bochs is slow in host time (a hypervisor run takes about a minute); this only ends a hung run.
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(600);

    /// <summary>The x86 rows only, as a report of their own (`quick`: one run each, no determinism check).</summary>
    public static BenchReport RunAlone(RepoLayout repo, bool quick, TextWriter log)
    {
        var report = new BenchReport { Runs = quick ? 1 : 2, Deterministic = true };
        Run(repo, quick, log, report);
        return report;
    }

    /// <summary>Adds the x86 rows to <paramref name="report"/>; a second run of each side checks determinism unless quick.</summary>
    public static void Run(RepoLayout repo, bool quick, TextWriter log, BenchReport report)
    {
        if (Toolchain.FindOnPath(BochsMachine.Executable) is null)
            throw new BuildException($"bench: the x86 rows run in Bochs, which was not found on PATH. Install it with: apt-get install -y {string.Join(' ', BochsMachine.DebianPackages.Concat(X86BootMedia.DebianPackages))}  (or run ./bulkhead setup as root)");
        var system = SystemBuilder.Build(repo, Path.Combine(repo.Root, BenchSystem), log,
            serviceFolder: SystemBuilder.FindService(repo, "latency", Path.Combine(repo.Root, "bench")));
        var hvMachine = new BochsMachine { Iso = X86BootMedia.BootIso(Toolchain.Locate(), system.Hypervisor), Cores = system.Board.Cores.Count };
        var (nativeMachine, nativeImage) = Native(repo, system, log);

        var hv = RunOnce(hvMachine, log, "x86 hypervisor (Bochs)");
        var native = RunOnce(nativeMachine, log, "x86 native (Bochs)");
        if (!quick)
        {
            report.Deterministic &= hv.SameAs(RunOnce(hvMachine, log, "x86 hypervisor (Bochs), second run"));
            report.Deterministic &= native.SameAs(RunOnce(nativeMachine, log, "x86 native (Bochs), second run"));
        }
        AddFigures(report, hv, native);
        AddSizes(report, repo, system, nativeImage);
    }

    private static BenchFigures RunOnce(BochsMachine machine, TextWriter log, string what)
    {
        log.WriteLine($"bench: running {what}");
        var result = machine.Run(Timeout, stopWhen: l => l.EndsWith("bench: done", StringComparison.Ordinal));
        if (!result.Lines.Any(l => l.EndsWith("bench: done", StringComparison.Ordinal)))
            throw new BuildException($"bench: the {what} run did not complete ({result.Outcome}):\n{result.Console}\n{string.Join("\n", machine.Diagnostics())}");
        return BenchFigures.Parse(result.Lines);
    }

    /// <summary>
    /// The latency service built natively for the Bochs PC: loaded by GRUB at 2 MiB (where hv-x86 loads),
    /// its 64 MiB of RAM from there, console on COM1, entered at the native stub.
    /// </summary>
    private static (BochsMachine Machine, NativeImage Image) Native(RepoLayout repo, SystemBuilder.Result system, TextWriter log)
    {
        var domain = system.System.Domains.Single();
        var target = new GuestTarget
        {
            Board = BoardTargets.Facts(system.Board),
            RichProfile = domain.Profile == Bulkhead.Config.Systems.ServiceProfile.Rich,   // the same C# profile as the domain's image
            HeapSize = domain.HeapSize,
            LoadAddress = system.Board.HypervisorLoadAddress,
            RamBase = system.Board.HypervisorLoadAddress,
            RamSize = 64UL << 20,
            Native = true,
        };
        var service = SystemBuilder.FindService(repo, "latency", Path.Combine(repo.Root, "bench"));
        var spec = GuestBuild.Spec(repo, service, target, Path.Combine(repo.OutputRoot, "bench", "native-x86"));
        spec = spec with { AsmSources = [.. spec.AsmSources, Path.Combine(repo.Root, "unikernel-sdk", "guest-x64", "native", "multiboot.S")] };
        var tools = Toolchain.Locate();
        var image = new NativeBuilder(tools, log).Build(spec);
        string kernel = X86BootMedia.MultibootKernel(tools, image);
        SetEntry(kernel, ElfFile.Read(image.Elf).Symbols[NativeEntry]);
        string iso = X86BootMedia.Iso(kernel, Path.Combine(Path.GetDirectoryName(image.Elf)!, "native.iso"));
        return (new BochsMachine { Iso = iso, Cores = 1 }, image);
    }

    /// <summary>GRUB enters an ELF multiboot kernel at e_entry: point it at the 32-bit stub instead of _start.</summary>
    private static void SetEntry(string elf32, ulong entry)
    {
        byte[] bytes = File.ReadAllBytes(elf32);
        if (bytes[4] != 1) throw new BuildException($"{elf32}: not a 32-bit ELF file");
        BitConverter.GetBytes(checked((uint)entry)).CopyTo(bytes, 24);
        File.WriteAllBytes(elf32, bytes);
    }

    private static void AddFigures(BenchReport report, BenchFigures hv, BenchFigures native)
    {
        foreach (var (key, line, name) in new[] { ("x86.hypercall.abi_version", "hvc-abi-version-cycles", "ABI_VERSION"), ("x86.hypercall.heartbeat", "hvc-heartbeat-cycles", "HEARTBEAT") })
            if (Stat(hv, line) is BenchStat call)
                report.Rows.Add(new BenchRow(key, $"x86: VMCALL round trip, {name} (min/median/max)", "instructions", call, null,
                    "RDTSC, 4 register moves, VMCALL -> hv-x86 -> next guest instruction, RDTSC; 1000 calls", Samples: true));
        if (Stat(hv, "hypercall-cycles") is BenchStat sdk)
            report.Rows.Add(new BenchRow("x86.hypercall.sdk_abi_version", "x86: hypercall through the SDK, ABI_VERSION (min/median/max)", "instructions", sdk, null,
                "Performance.NullHypercall() between two TSC reads", Samples: true));
        if (Stat(hv, "irq-latency-ns") is BenchStat irq && Stat(native, "irq-latency-ns") is BenchStat nativeIrq)
        {
            report.Rows.Add(new BenchRow("x86.irq.timer_latency", "x86: APIC-timer interrupt latency (min/median/max)", "ns", irq, nativeIrq,
                "TSC deadline -> guest handler, 1000 interrupts; under hv-x86 the emulated x2APIC TSC-deadline timer, natively Bochs' local APIC", Samples: true));
            report.Rows.Add(new BenchRow("x86.irq.added_by_hypervisor", "x86: APIC-timer latency added by the hypervisor", "ns",
                BenchStat.Single(irq.Median > nativeIrq.Median ? irq.Median - nativeIrq.Median : 0), null, "median under hv-x86 - native median"));
        }
        if (hv.Number("compute-cycles") is ulong hc && native.Number("compute-cycles") is ulong nc)
            report.Rows.Add(new BenchRow("x86.compute.run_time", "x86: compute-bound run time", "instructions", BenchStat.Single(hc), BenchStat.Single(nc), "2,000,000-iteration loop"));
        // The guest's own exits-per-second line assumes 1 tick = 1 ns (QEMU -icount): rescale by the TSC's rate.
        if (hv.Number("compute-exits") is ulong exits && hv.Number("compute-cycles") is ulong cycles && hv.Number("counter-hz") is ulong hz && cycles > 0)
            report.Rows.Add(new BenchRow("x86.compute.exits_per_second", "x86: exits per second, compute-bound steady state", "exits/s",
                BenchStat.Single((ulong)((UInt128)exits * hz / cycles)), BenchStat.Single(0),
                $"{exits} exits during the loop: hv-x86's 10 ms preemption-timer safety net (target: 0)"));
        // Boot: the guest prints nanoseconds of its counter (ticks * (10^9 / Hz), integer): back to ticks.
        if (hv.Number("first-output-ns") is ulong first && native.Number("first-output-ns") is ulong nativeFirst
            && hv.Number("counter-hz") is ulong hvHz && native.Number("counter-hz") is ulong nativeHz)
            report.Rows.Add(new BenchRow("x86.boot.first_output", "x86: boot: reset -> service's first output", "instructions",
                BenchStat.Single(first / (1000000000 / hvHz)), BenchStat.Single(nativeFirst / (1000000000 / nativeHz)),
                "TSC ticks from reset, BIOS and GRUB included on both sides"));
    }

    private static void AddSizes(BenchReport report, RepoLayout repo, SystemBuilder.Result system, NativeImage native)
    {
        var elf = ElfFile.Read(system.Hypervisor.Elf);
        ulong guest = (ulong)system.System.Domains.Single().ImageSize;
        report.Rows.Add(new BenchRow("x86.size.hypervisor_image", "x86: hv-x86 image, loaded (with the bench payload)", "bytes", BenchStat.Single(elf.LoadedBytes), null,
            $"of which the guest image {guest}"));
        report.Rows.Add(new BenchRow("x86.size.guest", "x86: guest image 'bench' (latency service)", "bytes", BenchStat.Single(guest), BenchStat.Single(ElfFile.Read(native.Elf).LoadedBytes),
            "native: the same service with the native stub, loaded bytes"));
        report.Rows.Add(new BenchRow("x86.size.hypervisor_source", "x86: hypervisor source lines (hv-core + hv-x86, C# and assembly)", "lines",
            BenchStat.Single((ulong)BenchRunner.SourceLines(repo.HvCore, repo.HvX86)), null, "non-blank, comments included"));
    }

    private static BenchStat? Stat(BenchFigures figures, string name) =>
        figures.Distribution(name) is var (min, median, max) ? new BenchStat(min, median, max) : null;
}
