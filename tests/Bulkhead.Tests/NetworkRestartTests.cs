using Bulkhead.Emulation;
using Bulkhead.Systems;
using Xunit;
using Xunit.Abstractions;
using static Bulkhead.Tests.NetFrames;

namespace Bulkhead.Tests;

/// <summary>
/// tests/systems/net-restart.yaml under QEMU -icount: the network driver domain (the SDK's
/// net-driver with a planned fault, tests/guests/net-crasher) faults mid-traffic after 40 client
/// frames, the hypervisor restarts it, and its second run waits 300 ms before it serves. Two
/// senders UDP-echo with a third client through it all along (tests/guests/net-restart-client):
/// they judge themselves — answers before, reported failures while it is down (each request
/// returning within its bound), answers again after, only their own answers and frames. When all
/// three clients have sent their end marks the driver powers off and the run ends by itself.
/// The card's wire is a socket to this test: client-to-client traffic never appears on it.
/// </summary>
[Collection("emulator")]
public class NetworkRestartTests(ITestOutputHelper output)
{
    private sealed record RestartRun(RunResult Run, IReadOnlyList<byte[]> Wire);

    private static readonly Lazy<RestartRun> Shared = new(() =>
    {
        var built = SystemBuilder.Build(TestImages.Repo, Path.Combine(TestImages.Repo.Root, "tests", "systems", "net-restart.yaml"), TextWriter.Null);
        using var wire = new VirtioUdpPeer("02:00:00:00:00:01");
        var machine = Machines.QemuFor(built.Board, built.Hypervisor, cores: null, cpu: "cortex-a72").Deterministic() with { Nics = [wire.Nic] };
        var run = EmulatorRun.Run(QemuArm64Machine.Executable, machine.Arguments(), TimeSpan.FromSeconds(120));
        return new RestartRun(run, wire.Frames.ToList());
    });

    [Theory]
    [InlineData("client-a")]
    [InlineData("client-b")]
    public void SendersReportErrorsWhileTheDriverIsDownThenRecoverWithOnlyTheirOwnTraffic(string client)
    {
        var run = Shared.Value.Run;
        foreach (var line in run.Lines.Where(l => l.Contains("net-") || l.StartsWith("hv: domain netdrv"))) output.WriteLine(line);
        AssertPassed(run, client, "net-restart-before ok=", "net-restart-errors failed=", "net-restart-bounded max-ms=", "net-restart-recovered ok=", "net-restart-own-only late=");
        // The failures came after the fault, the recovery after the restart.
        int fault = run.IndexOf(l => l == "[netdrv] net-crasher: faulting on purpose");
        int restarted = run.IndexOf(l => l == "[netdrv] net-crasher: restarted; serving again after the NIC's reset");
        int firstError = run.IndexOf(l => l.StartsWith($"[{client}] net-restart-client: request ", StringComparison.Ordinal));
        Assert.True(fault >= 0 && restarted > fault && firstError > fault, run.Console);
    }

    [Fact]
    public void TheDriverFaultsIsRestartedOnceAndPowersOffWhenItsClientsHaveEnded()
    {
        var (run, wire) = Shared.Value;
        AssertPassed(run, "echo", "net-restart-echo served=");
        Assert.Contains(run.Lines, l => l.StartsWith("hv: domain netdrv restarting (1 of 1): stage-2 fault on write at 0x0000000000000000", StringComparison.Ordinal));
        Assert.Single(run.Lines, l => l == "[netdrv] net-crasher: faulting on purpose");
        Assert.Equal(2, run.Lines.Count(l => l.StartsWith("[netdrv] net-driver: NIC ", StringComparison.Ordinal)));
        int end = run.IndexOf(l => l == "[netdrv] net-driver: every client has ended: powering off");
        Assert.True(end >= 0, run.Console);
        Assert.Contains("hv: no domain left running, powering off", run.Lines);
        Assert.Equal(RunOutcome.PoweredOff, run.Outcome);
        // Client to client: nothing of it reached the wire (ARP broadcasts do, as they should).
        Assert.DoesNotContain(wire, f => Type(f) == EtherTypeIpv4);
    }

    /// <summary>Each "PASS name=value" line (the value is a figure), no FAIL line, and the guest's done line with 0 failed.</summary>
    private static void AssertPassed(RunResult run, string domain, params string[] checks)
    {
        GuestVerdicts.AssertNoFailure(run);
        foreach (var check in checks)
            Assert.True(run.Lines.Any(l => l.StartsWith($"[{domain}] PASS {check}", StringComparison.Ordinal)), $"no \"[{domain}] PASS {check}\" in:\n{run.Console}");
        Assert.Contains($"[{domain}] net-restart-client: done, {checks.Length} passed, 0 failed", run.Lines);
    }
}
