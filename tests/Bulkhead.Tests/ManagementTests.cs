using Bulkhead.Emulation;
using Xunit;

namespace Bulkhead.Tests;

/// <summary>
/// tests/systems/management.yaml under QEMU (GICv3, -icount): the manager 'mgr' manages 'worker' and
/// 'crasher' but not the ASIL-B 'safety'. tests/guests/manager-probe judges each management call
/// itself; these tests read its verdicts and check what the hypervisor logged about who did what.
/// </summary>
[Collection("emulator")]
public class ManagementTests
{
    private static RunResult Run => SystemRuns.Boot("management", 3);

    [Theory]
    [InlineData("list")]
    [InlineData("status")]
    [InlineData("console")]
    [InlineData("restart")]
    [InlineData("stop")]
    [InlineData("start")]
    [InlineData("fault-line")]
    [InlineData("denied")]
    [InlineData("bad-action")]
    public void TheManagerJudgesEveryManagementCall(string check)
    {
        Assert.Contains($"[mgr] PASS {check}", Run.Lines);
    }

    [Fact]
    public void EveryCheckRanAndTheSystemEndedCleanly()
    {
        Assert.Contains("[mgr] manager-probe: done, 9 passed, 0 failed", Run.Lines);
        Assert.Equal(RunOutcome.PoweredOff, Run.Outcome);
        Assert.DoesNotContain(Run.Lines, l => l.StartsWith("PANIC", StringComparison.Ordinal));
    }

    [Fact]
    public void TheHypervisorLogsWhoDidWhat()
    {
        var lines = Run.Lines;
        Assert.Contains("hv: domain worker restarting (1): restarted by manager mgr", lines);
        Assert.Contains("hv: domain worker stopped: stopped by manager mgr", lines);
        Assert.Contains("hv: domain worker starting: started by manager mgr", lines);
        Assert.Contains("hv: domain crasher starting: started by manager mgr", lines);
        Assert.Contains("hv: mgmt: domain mgr: stop of domain worker refused (already stopped)", lines);
        foreach (var action in new[] { "stop", "start", "restart" })
            Assert.Contains($"hv: mgmt: domain mgr denied {action} of domain safety (not managed by it)", lines);
    }

    [Fact]
    public void AManagedRestartReloadsTheImageAndOutputResumes()
    {
        var lines = Run.Lines;
        // worker comes up at boot, after the restart and after the start: three runs from its image.
        Assert.Equal(3, lines.Count(l => l == "[worker] worker up"));
        int restart = lines.ToList().IndexOf("hv: domain worker restarting (1): restarted by manager mgr");
        Assert.True(restart >= 0, Run.Console);
        Assert.Contains("[worker] worker up", lines.Skip(restart + 1));
    }

    [Fact]
    public void TheUnmanagedAsilDomainIsUntouched()
    {
        var lines = Run.Lines;
        Assert.Contains("[safety] safety done", lines);
        Assert.Contains("hv: domain safety stopped: powered off (PSCI SYSTEM_OFF)", lines);
        Assert.DoesNotContain(lines, l => l.StartsWith("hv: domain safety restarting", StringComparison.Ordinal));
    }

    [Fact]
    public void AFaultingManagedDomainShowsItsFaultLineInStatus()
    {
        Assert.Contains(Run.Lines, l => l.StartsWith("[mgr] crasher's last fault: stage-2 fault on write at 0x0000000000000000", StringComparison.Ordinal));
    }
}
