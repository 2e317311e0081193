using System.Text.RegularExpressions;
using Bulkhead.Emulation;
using Xunit;

namespace Bulkhead.Tests;

/// <summary>
/// tests/systems/console-domain.yaml under QEMU (GICv3): a console driver domain owns the UART and
/// prints two clients' lines, which reach it over rings, and the hypervisor's lines (CONSOLE_READ).
/// It faults once after 20 client lines; the hypervisor restarts it, and every client line still
/// arrives exactly once and in order.
/// </summary>
[Collection("emulator")]
public class ConsoleDomainTests
{
    private static readonly Lazy<RunResult> Run = new(() => SystemRuns.Boot("console-domain", 3));

    [Theory]
    [InlineData("client-a")]
    [InlineData("client-b")]
    public void EveryClientLineArrivesOnceAndInOrderAcrossTheConsoleDomainsRestart(string client)
    {
        var run = Run.Value;
        var seq = run.Lines.Select(l => Regex.Match(l, $@"^\[{client}\] seq (\d+)$")).Where(m => m.Success).Select(m => int.Parse(m.Groups[1].Value)).ToList();
        Assert.Equal(Enumerable.Range(1, 60), seq);
        Assert.Contains($"[{client}] client done", run.Lines);
        Assert.Contains($"hv: domain {client} stopped: powered off (PSCI SYSTEM_OFF)", run.Lines);
    }

    [Fact]
    public void TheConsoleDomainFaultsIsRestartedAndEndsWhenItsClientsHaveEnded()
    {
        var run = Run.Value;
        Assert.Equal(2, run.Lines.Count(l => l == "[console] console driver serving 2 domains"));
        int fault = run.IndexOf(l => l == "[console] faulting on purpose");
        Assert.True(fault >= 0, run.Console);
        Assert.Contains(run.Lines, l => l.StartsWith("hv: domain console restarting (1 of 1): stage-2 fault on write at 0x0000000000000000", StringComparison.Ordinal));
        // Client lines printed after the fault: they waited in the rings while the console domain was down.
        Assert.Contains(run.Lines.Skip(fault + 1), l => l.StartsWith("[client-a] seq ", StringComparison.Ordinal));
        int end = run.IndexOf(l => l == "[console] every client has ended: powering off");
        Assert.True(end > fault, run.Console);
        Assert.Equal("hv: domain console stopped: powered off (PSCI SYSTEM_OFF)", run.Lines[end + 1]);
        Assert.Contains("hv: no domain left running, powering off", run.Lines);
        Assert.Equal(RunOutcome.PoweredOff, run.Outcome);
    }

    [Fact]
    public void TheHypervisorsOwnLinesReachTheConsoleThroughTheConsoleDomain()
    {
        var run = Run.Value;
        // Printed while the console domain ran: the hypervisor held them and the domain took them (CONSOLE_READ).
        foreach (var line in new[] { "hv: domain client-a on core 1, entry 0x44000000", "hv: boot timeline: ", "hv: heap used after boot: " })
            Assert.Contains(run.Lines, l => l.StartsWith(line, StringComparison.Ordinal));
        Assert.DoesNotContain(run.Lines, l => l.StartsWith("hv: console free again", StringComparison.Ordinal));   // never held back for later
        Assert.DoesNotContain(run.Lines, l => l.StartsWith("PANIC", StringComparison.Ordinal));
    }

    /// <summary>examples/systems/console-domain.yaml: the demo's services behind the SDK's console-driver service.</summary>
    [Fact]
    public void TheExampleRunsTheDemoServicesBehindTheShippedConsoleDriver()
    {
        var run = SystemRuns.BootFile("examples/systems/console-domain.yaml");
        Assert.Equal(RunOutcome.PoweredOff, run.Outcome);
        Assert.Contains("[console] console driver serving 3 domains", run.Lines);
        foreach (var service in new[] { "sensor", "control", "telemetry" })
        {
            Assert.Contains($"[{service}] {service} service done", run.Lines);
            Assert.Contains($"hv: domain {service} stopped: powered off (PSCI SYSTEM_OFF)", run.Lines);
        }
        Assert.Contains(run.Lines, l => l.StartsWith("[sensor] reading 1: ", StringComparison.Ordinal));
        Assert.Contains("[console] every client has ended: powering off", run.Lines);
        Assert.Contains("hv: no domain left running, powering off", run.Lines);
        Assert.DoesNotContain(run.Lines, l => l.StartsWith("PANIC", StringComparison.Ordinal) || l.Contains("watchdog expired"));
    }
}
