using Bulkhead.Emulation;
using Xunit;

namespace Bulkhead.Tests;

/// <summary>
/// console: exclusive on the emulator (tests/systems/exclusive-console.yaml): from the owner's first
/// line to its stop, no other line reaches the UART; afterwards the held lines follow a count, in
/// order, none lost. QEMU runs with -icount.
/// </summary>
[Collection("emulator")]
public class ExclusiveConsoleRunTests
{
    [Fact]
    public void Nothing_but_the_owner_reaches_the_uart_while_it_runs()
    {
        var run = SystemRuns.Boot("exclusive-console", 3);
        int first = run.IndexOf(l => l == "owner line 1"), last = run.IndexOf(l => l == "owner line 4");
        Assert.True(first >= 0 && last > first, run.Console);
        for (int i = first; i <= last; i++) Assert.StartsWith("owner line ", run.Lines[i]);

        int free = run.IndexOf(l => l.StartsWith("hv: console free again: ", StringComparison.Ordinal));
        Assert.True(free > last, run.Console);
        Assert.Matches(@"^hv: console free again: \d+ lines? held while domain owner had it exclusively$", run.Lines[free]);
        int stopped = run.IndexOf(l => l == "hv: domain owner stopped: powered off (PSCI SYSTEM_OFF)");
        Assert.True(stopped > free, run.Console);

        var ticks = run.Lines.Where(l => l.StartsWith("[neighbour] tick ", StringComparison.Ordinal)).ToList();
        Assert.Equal(Enumerable.Range(1, 25).Select(i => $"[neighbour] tick {i}"), ticks); // every tick, once, in order
        Assert.Contains(run.Lines.Skip(free + 1).Take(stopped - free - 1), l => l.StartsWith("[neighbour] tick ", StringComparison.Ordinal)); // held ones
        Assert.Equal(RunOutcome.PoweredOff, run.Outcome);
    }
}
