using Bulkhead.Emulation;
using Xunit;

namespace Bulkhead.Tests;

/// <summary>
/// tests/systems/partition.yaml under QEMU (-smp 4), GICv3 and GICv2: three domains on four cores
/// (smp-beta has two vCPUs), virtual timers ticking in every domain, a domain reading another
/// domain's memory stopped while the others keep running, and the machine powering off by itself.
/// </summary>
[Collection("emulator")]
public class PartitionTests
{
    public static readonly TheoryData<int> GicVersions = new() { 3, 2 };

    [Theory, MemberData(nameof(GicVersions))]
    public void EveryDomainGreetsWithItsOwnIdentity(int gic)
    {
        var run = SystemRuns.Boot("partition", gic);
        Assert.Contains("[alpha] hello from alpha: domain 0, vCPU 0 of 1", run.Lines);
        Assert.Contains("[smp-beta] hello from smp-beta: domain 1, vCPU 0 of 2", run.Lines);
        Assert.Contains("[intruder-gamma] hello from intruder-gamma: domain 2, vCPU 0 of 1", run.Lines);
        Assert.Contains("hv: domain smp-beta on cores 1,2, entry 0x45000000, image " , string.Join("\n", run.Lines));
        // Each domain tried to start a vCPU outside its domain (on another domain's core) and was refused.
        foreach (var domain in new[] { "alpha", "smp-beta", "intruder-gamma" })
            GuestVerdicts.AssertPassed(run, domain, "cpu-on-foreign");
    }

    [Theory, MemberData(nameof(GicVersions))]
    public void VirtualTimersTickInEveryDomainAndBothVcpus(int gic)
    {
        var run = SystemRuns.Boot("partition", gic);
        void Has(string line) => Assert.True(run.Lines.Contains(line), $"missing \"{line}\" in:\n{run.Console}");
        for (int tick = 1; tick <= 10; tick++)
        {
            Has($"[alpha] tick {tick} on vCPU 0");
            Has($"[smp-beta] tick {tick} on vCPU 0");
        }
        // vCPU 1 starts a little later and its domain stops when vCPU 0 reaches tick 10.
        for (int tick = 1; tick <= 3; tick++)
            Has($"[smp-beta] tick {tick} on vCPU 1");
        // The guests' own clocks: no tick came earlier than its period allows.
        GuestVerdicts.AssertPassed(run, "alpha", "timer");
        GuestVerdicts.AssertPassed(run, "smp-beta", "timer");
    }

    [Theory, MemberData(nameof(GicVersions))]
    public void SecondVcpuIsStartedThroughPsciAndReceivesSgisFromTheFirst(int gic)
    {
        var run = SystemRuns.Boot("partition", gic);
        Assert.Contains("[smp-beta] vCPU 1 running", run.Lines);
        Assert.Contains("[smp-beta] SGI 5 received on vCPU 1", run.Lines);
        GuestVerdicts.AssertPassed(run, "smp-beta", "cpu-on", "sgi");
    }

    [Theory, MemberData(nameof(GicVersions))]
    public void ReadingAnotherDomainsMemoryStopsOnlyTheIntruder(int gic)
    {
        var run = SystemRuns.Boot("partition", gic);
        int stop = run.IndexOf(l => l.StartsWith("hv: domain intruder-gamma stopped: stage-2 fault on read at 0x0000000044000000 (ESR=0x93"));
        Assert.True(stop >= 0, run.Console);
        Assert.Matches(@"PC=0x00000000460[0-9a-f]{5}, vCPU 0\)$", run.Lines[stop]);
        // The read never returned a value to the intruder (it would have said FAIL intruder-read), and it printed nothing more.
        GuestVerdicts.AssertNoFailure(run);
        Assert.DoesNotContain(run.Lines, l => l.Contains("from another domain"));
        Assert.DoesNotContain(run.Lines.Skip(stop + 1), l => l.StartsWith("[intruder-gamma]"));
        // The others keep printing after the containment line.
        Assert.Contains(run.Lines.Skip(stop + 1), l => l.StartsWith("[alpha] tick"));
        Assert.Contains(run.Lines.Skip(stop + 1), l => l.StartsWith("[smp-beta] tick"));
    }

    [Theory, MemberData(nameof(GicVersions))]
    public void MachinePowersOffWhenTheLastDomainStops(int gic)
    {
        var run = SystemRuns.Boot("partition", gic);
        Assert.Equal(RunOutcome.PoweredOff, run.Outcome);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("hv: no domain left running, powering off", run.Lines.Last(l => l.StartsWith("hv:") && !l.StartsWith("hv: heap")));
        Assert.DoesNotContain(run.Lines, l => l.StartsWith("PANIC"));
    }
}
