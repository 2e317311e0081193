using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Bulkhead.Emulation;
using Bulkhead.Systems;
using Xunit;

namespace Bulkhead.Tests;

/// <summary>
/// Boots the attack systems (tests/systems/hostile.yaml, fuzz.yaml) once per variant and keeps the
/// console for every test that asserts on it. On GICv3 under -icount like every emulator test, so
/// the verdicts never depend on how busy the host is: QEMU then runs all cores round-robin in one
/// thread and moves on from a spinning core at the latest after 100 ms of virtual time, and the
/// witness's period bound allows one such round (<see cref="MaxWitnessIntervalUs"/>). The shift is
/// coarser than the other tests' (<see cref="IcountShift"/>): the attackers spin for seconds of
/// virtual time, and 16 ns per instruction keeps a run to seconds.
/// The GICv2 variant runs in real time (multi-threaded TCG) with a loose bound: under round-robin
/// its witness went 1.65 s without a tick while the prober flooded traps (deterministically, at
/// "flood-sgis-to-absent-vcpus"). Not yet explained; the likely cause is lock-holder preemption
/// (a vCPU descheduled by QEMU inside the hypervisor while it holds a shared lock), which hardware,
/// where a core runs EL2 code without pause and with interrupts masked, cannot show.
/// </summary>
public static class HostileGuestRuns
{
    private static readonly ConcurrentDictionary<string, Lazy<RunResult>> Runs = new();

    /// <summary>The system file with the board switched to the GIC version and words replaced (e.g. the fuzzer's name).</summary>
    public static RunResult Boot(string system, int gicVersion, params (string From, string To)[] replacements)
    {
        string key = $"{system}-gicv{gicVersion}" + string.Concat(replacements.Select(r => $"-{r.To}"));
        return Runs.GetOrAdd(key, _ => new Lazy<RunResult>(() => BuildAndRun(system, gicVersion, replacements))).Value;
    }

    private static RunResult BuildAndRun(string system, int gicVersion, (string From, string To)[] replacements)
    {
        var repo = TestImages.Repo;
        string text = File.ReadAllText(Path.Combine(repo.Root, "tests", "systems", system + ".yaml"))
            .Replace("board: qemu-virt-gicv3", $"board: qemu-virt-gicv{gicVersion}")
            .Replace($"name: {system}\n", $"name: {system}-gicv{gicVersion}\n");
        foreach (var (from, to) in replacements) text = text.Replace(from, to);
        string folder = Path.Combine(repo.OutputRoot, "test-systems");
        Directory.CreateDirectory(folder);
        string file = Path.Combine(folder, $"{system}-gicv{gicVersion}.yaml");
        File.WriteAllText(file, text);
        var built = SystemBuilder.Build(repo, file, TextWriter.Null);
        var machine = Machines.QemuFor(built.Board, built.Hypervisor, cores: null, cpu: "cortex-a72") with { IcountShift = gicVersion == 3 ? IcountShift : null };
        return EmulatorRun.Run(QemuArm64Machine.Executable, machine.Arguments(), TimeSpan.FromSeconds(300));
    }

    /// <summary>2^4 = 16 ns of virtual time per instruction.</summary>
    public const int IcountShift = 4;

    /// <summary>
    /// The longest gap between witness ticks (period 10 ms) tolerated. GICv3, under -icount: when
    /// the witness waits for its timer, QEMU's round-robin may run the three other cores' spinning
    /// attackers for a full slice each (3 x 100 ms of virtual time) before it comes back (80 ms
    /// measured); a witness whose core is starved or blocked by an attack exceeds it. GICv2, in real
    /// time on a shared host: 2 s.
    /// </summary>
    public static long MaxWitnessIntervalUs(int gicVersion) => gicVersion == 3 ? 320_000 : 2_000_000;

    private static readonly Regex TickLine = new(@"^\[witness\] tick (\d+) at (\d+) us$", RegexOptions.Compiled);

    /// <summary>
    /// The witness's ticks: numbered 1, 2, 3... with no gap and no repeat, it said it was done,
    /// no interval longer than <paramref name="maxIntervalUs"/>, and no tick ahead of its 10 ms grid.
    /// The grid starts at the witness's own start (its times count from there): tick N is due at
    /// N x 10 ms. A late tick makes the next interval short, since the timer keeps the grid, so the
    /// grid is never anchored at a tick that may itself have been late.
    /// </summary>
    public static void AssertWitnessIntact(RunResult run, int minTicks, long maxIntervalUs)
    {
        const long PeriodUs = 10_000, ReadSlackUs = 1_000;
        var ticks = run.Lines.Select(l => TickLine.Match(l)).Where(m => m.Success)
            .Select(m => (N: int.Parse(m.Groups[1].Value), T: long.Parse(m.Groups[2].Value))).ToList();
        Assert.True(ticks.Count >= minTicks, $"only {ticks.Count} witness ticks:\n{run.Console}");
        for (int i = 0; i < ticks.Count; i++)
            Assert.True(ticks[i].N == i + 1, $"witness tick {i + 1} is numbered {ticks[i].N}");
        for (int i = 1; i < ticks.Count; i++)
        {
            long interval = ticks[i].T - ticks[i - 1].T;
            Assert.True(interval > 0 && interval <= maxIntervalUs,
                $"witness interval {ticks[i - 1].N}->{ticks[i].N} is {interval} us (allowed up to {maxIntervalUs})");
        }
        foreach (var (n, t) in ticks)
            Assert.True(t >= n * PeriodUs - ReadSlackUs, $"witness tick {n} at {t} us is ahead of its {PeriodUs} us grid (due at {n * PeriodUs} us)");
        Assert.Contains("[witness] witness done", run.Lines);
        Assert.Contains("[witness] witness image intact", run.Lines);
    }

    /// <summary>The largest interval between witness ticks (for the report).</summary>
    public static long LargestWitnessInterval(RunResult run)
    {
        var times = run.Lines.Select(l => TickLine.Match(l)).Where(m => m.Success).Select(m => long.Parse(m.Groups[2].Value)).ToList();
        return times.Zip(times.Skip(1), (a, b) => b - a).DefaultIfEmpty(0).Max();
    }

    public static void AssertNoPanic(RunResult run)
    {
        Assert.DoesNotContain(run.Lines, l => l.StartsWith("PANIC"));
        Assert.Equal(RunOutcome.PoweredOff, run.Outcome);
        Assert.Contains("hv: no domain left running, powering off", run.Lines);
    }
}
