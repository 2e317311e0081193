using Bulkhead.Core.Abi;
using Bulkhead.Core.Partition;
using Xunit;
using static Bulkhead.Tests.Core.CoreSystems;
using Sim = Bulkhead.Tests.SimulatedArchitecture;

namespace Bulkhead.Tests.Core;

/// <summary>
/// console: exclusive really is exclusive (hv-core/Partition/DomainConsole.cs): while its domain runs,
/// the hypervisor's and the other domains' lines are held in memory, and printed after a count once
/// the domain has stopped; lines beyond the buffer are counted as lost.
/// </summary>
[Collection(HvCoreState.Name)]
public class ExclusiveConsoleTests
{
    private static readonly string BetaExclusive = ThreeDomains.Replace("    restart: stop\n", "    restart: stop\n    console: exclusive\n");

    private static void Print(int core, ulong buffer, string text)
    {
        GuestMemory.Write(buffer, text);
        Assert.Equal(0, TestPartition.Call(core, Hypercall.ConsoleWrite, buffer, (ulong)text.Length).Status);
    }

    [Fact]
    public void NothingButTheOwnerTouchesTheUartUntilItStopsThenTheHeldLinesFollowACount()
    {
        TestPartition.Boot(BetaExclusive);
        Assert.Equal(DomainStatus.Running, PartitionTable.Domains[PartitionTable.Cores[2].Domain].Status);
        int before = Sim.ConsoleOutput.Length;
        Print(0, AlphaCode + 0x800, "alpha while beta owns the console\n");
        DomainConsole<Sim>.HvLine("hv: a hypervisor line meanwhile");
        Assert.Equal(before, Sim.ConsoleOutput.Length);               // not one byte reached the UART

        TestPartition.Call(2, PsciFunction.SystemOff);                // beta stops: the UART is free again
        string[] lines = Sim.ConsoleLines();
        int stopped = Array.FindIndex(lines, l => l.StartsWith("hv: domain beta stopped: powered off", StringComparison.Ordinal));
        Assert.True(stopped >= 2, string.Join("\n", lines));
        Assert.Equal("[alpha] alpha while beta owns the console", lines[stopped - 2]);  // held, printed after the count ...
        Assert.Equal("hv: a hypervisor line meanwhile", lines[stopped - 1]);          // ... in order, before the line that freed it
        // beta ran from its start: the boot lines after it started were held too (gamma's, timeline, heap).
        int count = Array.IndexOf(lines, "hv: console free again: 5 lines held while domain beta had it exclusively");
        Assert.Equal(stopped - 6, count);
        Assert.Equal("hv: domain gamma on core 3, entry 0x43000000, image 0 bytes", lines[count + 1]);

        Print(0, AlphaCode + 0x800, "printed at once\n");
        Assert.Equal("[alpha] printed at once", Sim.ConsoleLines()[^1]);
    }

    [Fact]
    public void LinesBeyondTheBufferAreCountedAsLost()
    {
        TestPartition.Boot(BetaExclusive);
        string text = new string('h', 98);
        int fits = DomainConsole<Sim>.HeldCapacity / (text.Length + 2);
        for (int i = 0; i < fits + 5; i++) DomainConsole<Sim>.HvLine(text);
        TestPartition.Call(2, PsciFunction.SystemOff);
        var release = Assert.Single(Sim.ConsoleLines(), l => l.StartsWith("hv: console free again: ", StringComparison.Ordinal));
        var figures = System.Text.RegularExpressions.Regex.Match(release,
            @"^hv: console free again: (\d+) lines held while domain beta had it exclusively \((\d+) more lost: the buffer holds 16384 bytes\)$");
        Assert.True(figures.Success, release);
        int held = int.Parse(figures.Groups[1].Value), lost = int.Parse(figures.Groups[2].Value);
        const int BootLinesHeld = 3;                                   // gamma's, the boot timeline, the heap
        Assert.Equal(fits + 5 + BootLinesHeld, held + lost);
        Assert.InRange(lost, 5, 5 + BootLinesHeld);
        Assert.Equal(held - BootLinesHeld, TestPartition.Lines(text).Length);
    }

    [Fact]
    public void WithoutAnExclusiveDomainLinesArePrintedAtOnce()
    {
        TestPartition.Boot(ThreeDomains);
        DomainConsole<Sim>.HvLine("hv: straight out");
        Assert.Equal("hv: straight out", Sim.ConsoleLines()[^1]);
    }

    /// <summary>CONSOLE_READ: the domain that has the console takes the held lines to print them itself (a console driver domain).</summary>
    [Fact]
    public void TheOwnerTakesTheHeldLinesOldestFirstInPiecesAndNobodyElseMay()
    {
        TestPartition.Boot(BetaExclusive);
        Print(0, AlphaCode + 0x800, "alpha while beta owns the console\n");
        DomainConsole<Sim>.HvLine("hv: a hypervisor line meanwhile");
        int before = Sim.ConsoleOutput.Length;

        // Not the owner: denied, nothing taken.
        var denied = TestPartition.Call(0, Hypercall.ConsoleRead, AlphaReadWrite, 64);
        Assert.Equal(HypercallStatus.Denied, denied.Status);
        // The owner, into memory it may only read: refused.
        Assert.Equal(HypercallStatus.InvalidParameters, TestPartition.Call(2, Hypercall.ConsoleRead, AlphaReadWrite, 64).Status);

        var text = new System.Text.StringBuilder();
        while (true)
        {
            var r = TestPartition.Call(2, Hypercall.ConsoleRead, BetaRam + 0x800, 16);   // small pieces: lines split across calls
            Assert.Equal(HypercallStatus.Success, r.Status);
            if (r.R1 == 0) break;
            Assert.InRange(r.R1, 1UL, 16UL);
            text.Append(System.Text.Encoding.ASCII.GetString(GuestMemory.Read(BetaRam + 0x800, (int)r.R1)));
        }
        string[] lines = text.ToString().Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        int alpha = Array.IndexOf(lines, "[alpha] alpha while beta owns the console");
        Assert.True(alpha >= 0, text.ToString());
        Assert.Equal("hv: a hypervisor line meanwhile", lines[alpha + 1]);
        Assert.Equal(before, Sim.ConsoleOutput.Length);                   // taken, not printed by the hypervisor

        TestPartition.Call(2, PsciFunction.SystemOff);                    // nothing left to release
        Assert.DoesNotContain(Sim.ConsoleLines(), l => l.StartsWith("hv: console free again", StringComparison.Ordinal));
    }

    [Fact]
    public void WithoutAConsoleOwnerConsoleReadIsDenied()
    {
        TestPartition.Boot(ThreeDomains);
        Assert.Equal(HypercallStatus.Denied, TestPartition.Call(0, Hypercall.ConsoleRead, AlphaCode + 0x800, 64).Status);
    }
}
