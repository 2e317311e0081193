using Bulkhead.Emulation;
using Xunit;

namespace Bulkhead.Tests;

/// <summary>
/// tests/systems/channels.yaml under QEMU, GICv3 and GICv2: two domains exchange a value through
/// two one-way channels and their doorbells; a third domain, party to neither, is refused and is
/// stopped when it touches channel memory.
/// </summary>
[Collection("emulator")]
public class ChannelTests
{
    public static readonly TheoryData<int> GicVersions = new() { 3, 2 };

    [Theory, MemberData(nameof(GicVersions))]
    public void PingThroughOneChannelComesBackThroughTheOther(int gic)
    {
        var run = SystemRuns.Boot("channels", gic);
        // Each side prints after ringing, on its own core, so the three lines may come in any order;
        // the values prove the path: 0x1234 went out, the reader saw it, 0x1235 came back.
        Assert.Contains("[pinger-alpha] ping 0x1234 sent: rang", run.Lines);
        Assert.Contains("[ponger-beta] ping 0x1234 answered", run.Lines);
        Assert.Contains("[pinger-alpha] pong 0x1235", run.Lines);
        // Each side judged what it received: the ping as sent, the pong after the ping and one higher.
        GuestVerdicts.AssertPassed(run, "ponger-beta", "ping-received");
        GuestVerdicts.AssertPassed(run, "pinger-alpha", "ping-pong");
    }

    [Theory, MemberData(nameof(GicVersions))]
    public void DomainOutsideAChannelCanNeitherOpenNorReadIt(int gic)
    {
        var run = SystemRuns.Boot("channels", gic);
        Assert.Contains("[snoop-gamma] channel 0 refused", run.Lines);
        GuestVerdicts.AssertPassed(run, "snoop-gamma", "channel-refused"); // and no "FAIL snoop-read"
        Assert.Contains(run.Lines, l => l.StartsWith("hv: domain snoop-gamma stopped: stage-2 fault on read at 0x0000000040400000"));
        Assert.DoesNotContain(run.Lines, l => l.StartsWith("[snoop-gamma] snooped"));
        Assert.Equal(RunOutcome.PoweredOff, run.Outcome);
    }
}
