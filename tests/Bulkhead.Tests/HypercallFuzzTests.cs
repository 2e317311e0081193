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
    private static ulong Calls => ulong.TryParse(Environment.GetEnvironmentVariable("BULKHEAD_FUZZ_CALLS"), out ulong n) && n > 0 ? n : 100_000;
    private static ulong Seed => ulong.TryParse(Environment.GetEnvironmentVariable("BULKHEAD_FUZZ_SEED"), out ulong s) ? s : 1;

    private static RunResult Run() =>
        HostileGuestRuns.Boot("fuzz", 3, ("fuzzer-100000-1", $"fuzzer-{Calls}-{Seed}"));

    [Fact]
    public void EveryFuzzedCallKeepsTheContractAndTheHypervisorNeverFaults()
    {
        var run = Run();
        Assert.Contains($"[fuzzer-{Calls}-{Seed}] fuzz seed {Seed}, calls {Calls}", run.Lines);
        Assert.True(run.Lines.Contains($"[fuzzer-{Calls}-{Seed}] PASS hypercall-fuzz: {Calls} calls"),
            string.Join("\n", run.Lines.Where(l => !l.StartsWith("[witness] tick"))));
        Assert.DoesNotContain(run.Lines, l => l.StartsWith($"hv: domain fuzzer-{Calls}-{Seed} restarting"));
        Assert.Contains($"hv: domain fuzzer-{Calls}-{Seed} stopped: powered off (PSCI SYSTEM_OFF)", run.Lines);
        HostileGuestRuns.AssertNoPanic(run);
    }

    [Fact]
    public void FuzzedCallsKeepTheSimdRegisters()
    {
        var run = Run();
        Assert.Contains($"[fuzzer-{Calls}-{Seed}] PASS hypercall-fuzz-simd-contract", run.Lines);
    }

    [Fact]
    public void WitnessKeepsItsSequenceAndPeriodWhileFuzzed()
    {
        var run = Run();
        HostileGuestRuns.AssertWitnessIntact(run, minTicks: 5, maxIntervalUs: HostileGuestRuns.MaxWitnessIntervalUs);
        Assert.Matches(@"^\[witness\] doorbells \d+, foreign SGIs 0$", run.Lines.First(l => l.StartsWith("[witness] doorbells")));
    }
}
