using Xunit;

namespace Bulkhead.Tests;

/// <summary>
/// tests/systems/s1ptw.yaml under QEMU (-icount): a domain whose own stage-1 table walk reaches
/// another domain's memory is stopped with the walk named as the cause (ESR ISS.S1PTW), not as a
/// plain read or write; the bystander whose memory was the target ticks on to its end. The syndrome
/// decoding itself has host tests (MmioTests).
/// </summary>
[Collection("emulator")]
public class S1ptwTests
{
    [Fact]
    public void AStage1WalkOutsideTheDomainIsReportedAsSuchAndStopsOnlyTheWalker()
    {
        var run = SystemRuns.Boot("s1ptw", 3);
        Assert.Contains("[walker-alpha] ATTACK s1ptw", run.Lines);
        int stop = run.IndexOf(l => l.StartsWith("hv: domain walker-alpha stopped: stage-2 fault during the guest's stage-1 table walk at 0x0000000044000000 (ESR=0x9"));
        Assert.True(stop >= 0, run.Console);
        GuestVerdicts.AssertNoFailure(run);   // "FAIL s1ptw" had the read returned
        Assert.DoesNotContain(run.Lines.Skip(stop + 1), l => l.StartsWith("[walker-alpha]"));
        Assert.Contains(run.Lines.Skip(stop + 1), l => l.StartsWith("[bystander] tick"));
        Assert.Contains("[bystander] tick 10 on vCPU 0", run.Lines);
        Assert.Contains("hv: no domain left running, powering off", run.Lines);
    }
}
