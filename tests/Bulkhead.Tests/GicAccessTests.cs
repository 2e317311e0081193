using Bulkhead.Emulation;
using Xunit;

namespace Bulkhead.Tests;

/// <summary>
/// The emulated GIC distributor honours access sizes (issue 11) and emulates what Linux needs of it
/// (issue 13: routing, trigger types, pending/active state, priorities, TYPER): tests/guests/gic-access
/// probes it and prints one PASS/FAIL line per check.
/// QEMU runs with -icount, so nothing here depends on host load.
/// </summary>
[Collection("emulator")]
public class GicAccessTests
{
    public static readonly TheoryData<int> GicVersions = new() { 3, 2 };

    private static readonly string[] Checks =
        ["gic-word-enable", "gic-byte-store-ignored", "gic-halfword-store-ignored", "gic-byte-load-zero", "gic-priority-byte",
         "gicd-typer-lines-and-no-lpis", "gicd-icfgr-owned-field", "gicd-ipriority-readback", "gicd-pending-set-clear",
         "gicd-active-set-clear", "gicd-ispendr-delivers", "uart-transmitter-empty"];

    [Theory, MemberData(nameof(GicVersions))]
    public void Distributor_honours_access_sizes(int gicVersion)
    {
        var run = Boot(gicVersion);
        string[] expected = gicVersion == 3 ? [.. Checks, "gicr-typer-doubleword", "gicd-irouter-retarget"] : [.. Checks, "gicd-itargetsr-cpu-mask", "gicd-itargetsr-retarget"];
        Assert.DoesNotContain(run.Lines, l => l.Contains("FAIL "));
        foreach (string check in expected)
            Assert.True(run.Lines.Any(l => l.EndsWith("PASS " + check)), $"no 'PASS {check}' line:\n{run.Console}");
        Assert.Contains("[prober] via the emulated uart", run.Lines); // THR bytes of a shared-console domain: its own prefixed line
        Assert.Contains(run.Lines, l => l.Contains("hv: domain prober stopped: powered off (PSCI SYSTEM_OFF)"));
    }

    private static RunResult Boot(int gicVersion) => SystemRuns.Boot("gic-access", gicVersion);
}
