using Bulkhead.Emulation;
using Xunit;

namespace Bulkhead.Tests;

/// <summary>
/// tests/systems/devices.yaml under QEMU, GICv3 and GICv2: a passthrough device works in its owner
/// only; touching a device the domain does not own, powering off, and crashing each affect only
/// the domain that did it; a crashing domain with a restart policy is restarted up to its limit.
/// </summary>
[Collection("emulator")]
public class ContainmentTests
{
    public static readonly TheoryData<int> GicVersions = new() { 3, 2 };

    [Theory, MemberData(nameof(GicVersions))]
    public void PassthroughDeviceWorksInItsOwner(int gic)
    {
        var run = SystemRuns.Boot("devices", gic);
        // virtio-mmio MagicValue register: "virt".
        Assert.Contains("[owner-alpha] virtio magic 0x74726976", run.Lines);
        GuestVerdicts.AssertPassed(run, "owner-alpha", "passthrough");
    }

    [Theory, MemberData(nameof(GicVersions))]
    public void TouchingAnUnownedDeviceStopsOnlyTheThief(int gic)
    {
        var run = SystemRuns.Boot("devices", gic);
        int stop = run.IndexOf(l => l.StartsWith("hv: domain thief-beta stopped: stage-2 fault on read at 0x000000000a000200 (ESR=0x93"));
        Assert.True(stop >= 0, run.Console);
        Assert.DoesNotContain(run.Lines, l => l.StartsWith("[thief-beta] stole"));
        GuestVerdicts.AssertNoFailure(run); // "FAIL thief-read" had the read returned
        Assert.Contains(run.Lines.Skip(stop + 1), l => l.StartsWith("[owner-alpha] tick"));
    }

    [Theory, MemberData(nameof(GicVersions))]
    public void SystemOffStopsOnlyTheCallingDomain(int gic)
    {
        var run = SystemRuns.Boot("devices", gic);
        int stop = run.IndexOf(l => l == "hv: domain quitter-gamma stopped: powered off (PSCI SYSTEM_OFF)");
        Assert.True(stop >= 0, run.Console);
        Assert.DoesNotContain(run.Lines.Skip(stop + 1), l => l.StartsWith("[quitter-gamma]"));
        GuestVerdicts.AssertNoFailure(run); // "FAIL system-off" had SYSTEM_OFF returned
        Assert.Contains(run.Lines.Skip(stop + 1), l => l.StartsWith("[owner-alpha] tick"));
    }

    [Theory, MemberData(nameof(GicVersions))]
    public void CrashingDomainIsRestartedOnceThenStopped(int gic)
    {
        var run = SystemRuns.Boot("devices", gic);
        const string cause = "fatal error reported by the guest: unknown / undefined instruction (ESR=0x2000000";
        int restart = run.IndexOf(l => l.StartsWith("hv: domain crasher-delta restarting (1 of 1): " + cause));
        Assert.True(restart >= 0, run.Console);
        // After the restart it boots again from its entry point, runs, crashes again and is stopped for good.
        Assert.Contains(run.Lines.Skip(restart + 1), l => l == "[crasher-delta] hello from crasher-delta: domain 3, vCPU 0 of 1");
        int stop = run.IndexOf(l => l.StartsWith("hv: domain crasher-delta stopped: " + cause));
        Assert.True(stop > restart, run.Console);
        GuestVerdicts.AssertNoFailure(run); // "FAIL undefined-instruction" had the instruction returned
        // The crashes never disturbed the other domains: owner-alpha ran to its end.
        for (int tick = 1; tick <= 10; tick++) Assert.Contains($"[owner-alpha] tick {tick} on vCPU 0", run.Lines);
    }

    [Theory, MemberData(nameof(GicVersions))]
    public void NothingIsAllocatedAfterBootEvenWhileFaultsAreHandled(int gic)
    {
        var run = SystemRuns.Boot("devices", gic);
        string afterBoot = Assert.Single(run.Lines, l => l.StartsWith("hv: heap used after boot: "));
        string atPowerOff = Assert.Single(run.Lines, l => l.StartsWith("hv: heap used at power-off: "));
        Assert.Equal(afterBoot["hv: heap used after boot: ".Length..], atPowerOff["hv: heap used at power-off: ".Length..]);
    }

    [Theory, MemberData(nameof(GicVersions))]
    public void SystemEndsCleanlyAfterAllOfIt(int gic)
    {
        var run = SystemRuns.Boot("devices", gic);
        Assert.Equal(RunOutcome.PoweredOff, run.Outcome);
        Assert.Contains("[owner-alpha] done, powering off", run.Lines);
    }
}
