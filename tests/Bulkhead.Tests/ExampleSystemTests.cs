using Bulkhead.Emulation;
using Xunit;

namespace Bulkhead.Tests;

/// <summary>
/// The example systems (the demo is the GICv3 one) with the example services of examples/:
/// sensor (periodic), control (compute on two vCPUs), telemetry (heartbeat), each in its domain.
/// </summary>
[Collection("emulator")]
public class ExampleSystemTests
{
    /// <summary>The system `bulkhead demo` boots.</summary>
    private const string DemoSystem = "examples/systems/qemu-virt-gicv3.yaml";

    public static readonly TheoryData<string> Systems = new() { DemoSystem, "examples/systems/qemu-virt-gicv2.yaml" };

    [Theory, MemberData(nameof(Systems))]
    public void ThreeServicesRunInTheirDomainsAndTheSystemPowersOff(string system)
    {
        AssertTheDemoRanToPowerOff(SystemRuns.BootFile(system));
    }

    /// <summary>The demo's three services (examples/sensor, control, telemetry) did their work and powered off.</summary>
    internal static void AssertTheDemoRanToPowerOff(RunResult run)
    {
        Assert.Equal(RunOutcome.PoweredOff, run.Outcome);
        Assert.Contains("[sensor] sensor service up on sensor, sampling every 100 ms", run.Lines);
        Assert.Contains("[control] control service up on control with 2 vCPUs", run.Lines);
        Assert.Contains("[telemetry] telemetry service up on telemetry", run.Lines);
        for (int i = 1; i <= 8; i++) Assert.Contains(run.Lines, l => l.StartsWith($"[sensor] reading {i}: ") && l.EndsWith(" C"));
        // Both vCPUs of control contribute: the prime counts are exact.
        Assert.Contains(run.Lines, l => l.StartsWith("[control] round 1: 4203 primes below 40000 in "));
        Assert.Contains(run.Lines, l => l.StartsWith("[control] round 5: 17984 primes below 200000 in "));
        for (int i = 1; i <= 5; i++) Assert.Contains(run.Lines, l => l.StartsWith($"[telemetry] heartbeat {i}, uptime "));
        foreach (var domain in new[] { "sensor", "control", "telemetry" })
            Assert.Contains($"hv: domain {domain} stopped: powered off (PSCI SYSTEM_OFF)", run.Lines);
        Assert.Equal("hv: no domain left running, powering off", run.Lines.Last(l => l.StartsWith("hv:") && !l.StartsWith("hv: heap")));
    }

    [Fact]
    public void DemoDomainsInterleaveTheirOutput()
    {
        var run = SystemRuns.BootFile(DemoSystem);
        var owners = run.Lines.Where(l => l.StartsWith('[')).Select(l => l[1..l.IndexOf(']')]).ToList();
        int switches = owners.Zip(owners.Skip(1)).Count(p => p.First != p.Second);
        Assert.True(switches >= 10, $"only {switches} changes of domain between consecutive lines:\n{run.Console}");
    }
}
