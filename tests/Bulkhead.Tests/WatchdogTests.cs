using Bulkhead.Emulation;
using Xunit;

namespace Bulkhead.Tests;

/// <summary>
/// tests/systems/watchdog.yaml under QEMU, GICv3 and GICv2: a domain that stops sending heartbeats
/// is stopped when its watchdog period runs out; a domain that keeps sending them never is.
/// </summary>
[Collection("emulator")]
public class WatchdogTests
{
    public static readonly TheoryData<int> GicVersions = new() { 3, 2 };

    [Theory, MemberData(nameof(GicVersions))]
    public void MissedHeartbeatsStopTheDomainAndOnlyIt(int gic)
    {
        var run = SystemRuns.Boot("watchdog", gic);
        int stop = run.IndexOf(l => l.StartsWith("hv: domain sleeper-alpha stopped: watchdog expired: no heartbeat for "));
        Assert.True(stop >= 0, run.Console);
        Assert.Matches(@"no heartbeat for 6\d\d ms \(period 600 ms\)$", run.Lines[stop]);
        // Its last heartbeat was at tick 2; it kept ticking (without heartbeats) until the watchdog fired.
        Assert.Contains("[sleeper-alpha] tick 3 on vCPU 0", run.Lines);
        Assert.Contains("[sleeper-alpha] tick 10 on vCPU 0", run.Lines); // ~500 ms without a heartbeat, still alive
        Assert.DoesNotContain(run.Lines, l => l.StartsWith("hv: domain steady-beta stopped: watchdog"));
        GuestVerdicts.AssertNoFailure(run); // sleeper-alpha says "FAIL watchdog" when it outlives its watchdog
        GuestVerdicts.AssertPassed(run, "steady-beta", "timer");
        Assert.Contains("[steady-beta] done, powering off", run.Lines);
        Assert.Equal(RunOutcome.PoweredOff, run.Outcome);
    }

    [Theory, MemberData(nameof(GicVersions))]
    public void SystemResetRestartsOnlyTheCallerUpToItsLimit(int gic)
    {
        var run = SystemRuns.Boot("watchdog", gic);
        int restart = run.IndexOf(l => l == "hv: domain resetter-gamma restarting (1 of 1): reset requested (PSCI SYSTEM_RESET)");
        Assert.True(restart >= 0, run.Console);
        Assert.Equal(2, run.Lines.Count(l => l == "[resetter-gamma] hello from resetter-gamma: domain 2, vCPU 0 of 1"));
        int stop = run.IndexOf(l => l == "hv: domain resetter-gamma stopped: restart limit (1) reached: reset requested (PSCI SYSTEM_RESET)");
        Assert.True(stop > restart, run.Console);
        GuestVerdicts.AssertNoFailure(run); // "FAIL system-reset" had SYSTEM_RESET returned
        Assert.Contains("[steady-beta] done, powering off", run.Lines);
    }
}
