using Bulkhead.Emulation;
using Xunit;
using Xunit.Abstractions;

namespace Bulkhead.Tests;

/// <summary>
/// tests/systems/rings.yaml under QEMU -icount: two domains on cores 0 and 1, joined by one duplex
/// link (two channels with message rings), exchange 100,000 messages each way; each guest checks
/// sequence, number and content of every message and prints its verdict with the counts.
/// </summary>
[Collection("emulator")]
public class RingStressTests(ITestOutputHelper output)
{
    [Fact]
    public void HundredThousandMessagesEachWayArriveOnceInOrderIntact()
    {
        var run = SystemRuns.Boot("rings", 3);
        foreach (var line in run.Lines.Where(l => l.Contains("ring-stress"))) output.WriteLine(line);
        output.WriteLine($"wall time {run.Elapsed.TotalSeconds:F1} s");
        GuestVerdicts.AssertPassed(run, "ring-a", "ring-stress sent=100000 received=100000");
        GuestVerdicts.AssertPassed(run, "ring-b", "ring-stress sent=100000 received=100000");
        // Both domains powered off after their verdicts: the run ended by itself, before its timeout.
        Assert.Equal(RunOutcome.PoweredOff, run.Outcome);
    }
}
