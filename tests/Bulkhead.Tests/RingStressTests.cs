using Bulkhead.Emulation;
using Xunit;
using Xunit.Abstractions;

namespace Bulkhead.Tests;

/// <summary>
/// tests/systems/rings.yaml under QEMU -icount: two domains on cores 0 and 1, joined by one duplex
/// link (two channels with message rings), exchange 100,000 messages each way; each guest checks
/// sequence, number and content of every message and prints its verdict with the counts. Then
/// 1,000 ping-pong round trips, each reader asleep in WaitForMessage: the link's doorbell_limit (200/s)
/// refuses some rings, and the readers must wake all the same (no lost wake-up).
/// </summary>
[Collection("emulator")]
public class RingStressTests(ITestOutputHelper output)
{
    [Fact]
    public void HundredThousandMessagesEachWayArriveOnceInOrderIntact()
    {
        var run = SystemRuns.Boot("rings", 3);
        foreach (var line in run.Lines.Where(l => l.Contains("ring-"))) output.WriteLine(line);
        output.WriteLine($"wall time {run.Elapsed.TotalSeconds:F1} s");
        GuestVerdicts.AssertPassed(run, "ring-a", "ring-stress sent=100000 received=100000");
        GuestVerdicts.AssertPassed(run, "ring-b", "ring-stress sent=100000 received=100000");
        GuestVerdicts.AssertPassed(run, "ring-a", "ring-pingpong round-trips=1000");
        GuestVerdicts.AssertPassed(run, "ring-b", "ring-pingpong round-trips=1000");
        var refused = run.Lines.Where(l => l.Contains("] ring-pingpong: "))
            .Select(l => int.Parse(System.Text.RegularExpressions.Regex.Match(l, @"refused (\d+)").Groups[1].Value)).ToList();
        Assert.Equal(2, refused.Count);
        Assert.True(refused.Sum() > 0, "no doorbell was refused: the doorbell_limit path was not exercised");
        // Both domains powered off after their verdicts: the run ended by itself, before its timeout.
        Assert.Equal(RunOutcome.PoweredOff, run.Outcome);
    }
}
