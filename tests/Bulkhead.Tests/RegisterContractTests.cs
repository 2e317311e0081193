using Bulkhead.Emulation;
using Xunit;

namespace Bulkhead.Tests;

/// <summary>
/// tests/systems/regcheck.yaml under QEMU (-icount), GICv3 and GICv2: every general and SIMD
/// register, FPCR and FPSR survive every kind of exit except the documented result registers
/// (docs/abi.md), and doubles computed by a service are not disturbed by its own timer callback's
/// doubles (the guest runtime preserves FP/SIMD state around interrupt handlers).
/// </summary>
[Collection("emulator")]
public class RegisterContractTests
{
    public static readonly TheoryData<int> GicVersions = new() { 3, 2 };

    // Every check tests/guests/regcheck makes (its PASS/FAIL names).
    public static readonly string[] Checks =
    [
        "hvc-abi-version", "hvc-console-write", "hvc-domain-info", "hvc-yield", "hvc-heartbeat", "hvc-domain-name",
        "hvc-vcpu-stats", "hvc-channel-info", "hvc-channel-notify", "hvc-unknown",
        "psci-hvc-version", "psci-hvc-features", "psci-hvc-affinity-info", "psci-hvc-migrate-info-type", "psci-hvc-cpu-on-already-on",
        "psci-smc-version", "psci-smc-features",
        "gicd-read-typer", "gicd-read-ctlr", "gicd-write-ctlr",
        "timer-interrupt-while-spinning", "wfi",
    ];

    [Theory, MemberData(nameof(GicVersions))]
    public void EveryRegisterSurvivesEveryKindOfExit(int gic)
    {
        var run = Boot(gic);
        Assert.DoesNotContain(run.Lines, l => l.Contains("FAIL "));
        foreach (string check in Checks)
            Assert.True(run.Lines.Contains($"[regs-alpha] PASS {check}"), $"no PASS {check}:\n{run.Console}");
        Assert.Contains("[regs-alpha] regcheck done: 0 failures", run.Lines);
    }

    [Theory, MemberData(nameof(GicVersions))]
    public void DoublesSurviveTheServicesOwnTimerCallback(int gic)
    {
        var run = Boot(gic);
        Assert.True(run.Lines.Any(l => l.StartsWith("[doubles-beta] PASS doubles: ")), run.Console);
        Assert.Equal(RunOutcome.PoweredOff, run.Outcome);
    }

    private static RunResult Boot(int gic) => SystemRuns.Boot("regcheck", gic);
}
