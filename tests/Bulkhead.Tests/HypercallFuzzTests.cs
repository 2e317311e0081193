using System.Text.RegularExpressions;
using Bulkhead.Emulation;
using Xunit;

namespace Bulkhead.Tests;

/// <summary>
/// The hypercall fuzzer (tests/systems/fuzz.yaml, tests/guests/hostile/Fuzzer.cs): 10^5 random
/// hypercalls in CI next to the witness; BULKHEAD_FUZZ_CALLS (e.g. 1000000) and BULKHEAD_FUZZ_SEED
/// choose another run. The guest takes both from its domain name, which the test rewrites.
/// </summary>
[Collection("emulator")]
public class HypercallFuzzTests
{
    private static ulong Calls => ulong.TryParse(Environment.GetEnvironmentVariable("BULKHEAD_FUZZ_CALLS"), out ulong n) && n >= 1000 ? n / 1000 * 1000 : 100_000;
    private static ulong Seed => ulong.TryParse(Environment.GetEnvironmentVariable("BULKHEAD_FUZZ_SEED"), out ulong s) ? s : 1;

    /// <summary>The fuzzer's domain name (at most 15 characters): fuzz-&lt;thousands of calls&gt;-&lt;seed&gt;.</summary>
    private static string Name => $"fuzz-{Calls / 1000}-{Seed}";

    private static RunResult Run() => HostileGuestRuns.Boot("fuzz", 3, ("fuzz-100-1", Name));

    [Fact]
    public void EveryFuzzedCallKeepsTheContractAndTheHypervisorNeverFaults()
    {
        var run = Run();
        Assert.Contains($"[{Name}] fuzz seed {Seed}, calls {Calls}", run.Lines);
        Assert.True(run.Lines.Contains($"[{Name}] PASS hypercall-fuzz: {Calls} calls"),
            string.Join("\n", run.Lines.Where(l => !l.StartsWith("[witness] tick"))));
        Assert.DoesNotContain(run.Lines, l => l.StartsWith($"hv: domain {Name} restarting"));
        Assert.Contains($"hv: domain {Name} stopped: powered off (PSCI SYSTEM_OFF)", run.Lines);
        HostileGuestRuns.AssertNoPanic(run);
    }

    [Fact]
    public void FuzzedCallsKeepTheSimdRegisters()
    {
        var run = Run();
        Assert.Contains($"[{Name}] PASS hypercall-fuzz-simd-contract", run.Lines);
    }

    [Fact]
    public void WitnessKeepsItsSequenceAndPeriodWhileFuzzed()
    {
        var run = Run();
        HostileGuestRuns.AssertWitnessIntact(run, minTicks: 5, maxIntervalUs: HostileGuestRuns.MaxWitnessIntervalUs(3));
        Assert.Matches(@"^\[witness\] doorbells \d+, foreign SGIs 0$", run.Lines.First(l => l.StartsWith("[witness] doorbells")));
    }
}
