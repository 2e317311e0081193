using Bulkhead.Emulation;
using Xunit;
using Xunit.Abstractions;

namespace Bulkhead.Tests;

/// <summary>
/// tests/systems/net-pair.yaml under QEMU -icount: two net-client guests (tests/guests/net-client)
/// joined by one duplex link, each with the SDK's IP stack on a NetworkInterface, no driver domain.
/// They ping each other (ARP first), A UDP-echoes datagrams of 1 to 1472 bytes through B, and B
/// drops and counts a frame A addressed to another MAC. After B powered off, A's ping fails at
/// its timeout and its sends fail once the ring is full: errors, not a hang. The guests judge themselves.
/// </summary>
[Collection("emulator")]
public class NetPairTests(ITestOutputHelper output)
{
    [Fact]
    public void TwoStacksOnALinkPingAndEchoUdp()
    {
        var run = SystemRuns.Boot("net-pair", 3);
        foreach (var line in run.Lines.Where(l => l.Contains("net-"))) output.WriteLine(line);
        output.WriteLine($"wall time {run.Elapsed.TotalSeconds:F1} s");
        GuestVerdicts.AssertPassed(run, "net-a", "net-ping peer=10.0.2.11", "net-udp-echo datagrams=4", "net-peer-gone");
        GuestVerdicts.AssertPassed(run, "net-b", "net-ping peer=10.0.2.10", "net-serve echoed=4", "net-filter not-for-us=1");
        // Nothing malformed or corrupted crossed the link.
        foreach (var domain in new[] { "net-a", "net-b" })
        {
            var counters = run.Lines.Single(l => l.StartsWith($"[{domain}] net-client: counters"));
            Assert.Contains(" malformed=0 bad-checksum=0 ", counters);
        }
        Assert.Equal(RunOutcome.PoweredOff, run.Outcome);
    }
}
