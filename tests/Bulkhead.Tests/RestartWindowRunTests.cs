using Bulkhead.Emulation;
using Xunit;

namespace Bulkhead.Tests;

/// <summary>
/// tests/systems/restart-window.yaml under QEMU (GICv3): the restart window travels from the system
/// file through plan 2.3 to the arm64 hypervisor, which restarts once and stops at the limit.
/// </summary>
[Collection("emulator")]
public class RestartWindowRunTests
{
    [Fact]
    public void ARestartLoopStopsAtTheRateLimitAndTheWitnessRunsOn()
    {
        var run = SystemRuns.Boot("restart-window", 3);
        int restart = run.IndexOf(l => l == "hv: domain resetter-gamma restarting (1, 1 of 1 in 60000 ms): reset requested (PSCI SYSTEM_RESET)");
        Assert.True(restart >= 0, run.Console);
        int stop = run.IndexOf(l => l == "hv: domain resetter-gamma stopped: restart limit (1 in 60000 ms) reached: reset requested (PSCI SYSTEM_RESET)");
        Assert.True(stop > restart, run.Console);
        Assert.Equal(2, run.Lines.Count(l => l == "[resetter-gamma] hello from resetter-gamma: domain 1, vCPU 0 of 1"));
        GuestVerdicts.AssertNoFailure(run);
        Assert.Contains("[steady-beta] done, powering off", run.Lines);
        Assert.Equal(RunOutcome.PoweredOff, run.Outcome);
    }
}
