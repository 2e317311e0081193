using Bulkhead.Emulation;
using Bulkhead.Systems;
using Xunit;

namespace Bulkhead.Tests;

/// <summary>
/// What a guest sees of the CPU on QEMU's `-cpu max` (SVE, SME, PAuth, MTE): tests/guests/cpu-features
/// checks the ID registers, SVE at 128 bits, pointer authentication, Linux's debug reset sequence
/// and SMCCC/PSCI 1.1 (PASS/FAIL lines), then touches SME and must be stopped for it. Both GIC versions.
/// </summary>
[Collection("emulator")]
public class CpuFeaturesTests
{
    public static readonly TheoryData<int> GicVersions = new() { 3, 2 };

    private static readonly string[] Checks =
        ["id-sme-hidden", "id-mte-hidden", "id-hcrx-features-hidden", "id-sve-shown", "id-pauth-shown",
         "sve-vector-length-128", "pauth-works", "debug-off-like-linux", "smccc-and-psci-1.1"];

    [Theory, MemberData(nameof(GicVersions))]
    public void Guest_on_cpu_max_sees_the_documented_features_and_sme_is_a_contained_fault(int gicVersion)
    {
        var run = Boot(gicVersion);
        GuestVerdicts.AssertNoFailure(run);
        foreach (string check in Checks)
            Assert.True(run.Lines.Contains("[features] PASS " + check), $"no 'PASS {check}' line:\n{run.Console}");
        int touching = run.IndexOf(l => l == "[features] touching SME");
        int stopped = run.IndexOf(l => l.StartsWith("hv: domain features stopped: trapped SME access", StringComparison.Ordinal));
        Assert.True(touching >= 0 && stopped > touching, run.Console);
        Assert.Equal(RunOutcome.PoweredOff, run.Outcome);
    }

    private static RunResult Boot(int gicVersion)
    {
        SystemBuilder.Result built = SystemBuilder.Build(TestImages.Repo, SystemRuns.Variant("cpu-features", gicVersion), TextWriter.Null);
        var machine = Machines.QemuFor(built.Board, built.Hypervisor, cores: null, cpu: "max").Deterministic();
        return EmulatorRun.Run(QemuArm64Machine.Executable, machine.Arguments(), TimeSpan.FromSeconds(60));
    }
}
