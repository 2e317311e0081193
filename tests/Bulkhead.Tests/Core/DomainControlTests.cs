using Bulkhead.Core.Abi;
using Bulkhead.Core.Hypercalls;
using Bulkhead.Core.Partition;
using Bulkhead.Core.Text;
using Xunit;
using static Bulkhead.Tests.Core.CoreSystems;
using Sim = Bulkhead.Tests.SimulatedArchitecture;

namespace Bulkhead.Tests.Core;

/// <summary>Domain lifecycle: stop, restart numbers and limits, the restart policy, CPU_OFF, stale runs.</summary>
[Collection(HvCoreState.Name)]
public class DomainControlTests
{
    private static void Fault(int core, string what)
    {
        Sim.Core = core;
        LineBuffer cause = default;
        cause.Append(what);
        DomainControl<Sim>.Fault(core, ref cause);
    }

    [Fact]
    public void StopEndsOnlyThatDomainAndParksItsCores()
    {
        var p = TestPartition.Boot(ThreeDomains);
        Sim.Machine.Signalled.Clear();
        Sim.Core = 0;
        DomainControl<Sim>.Stop(0, "stopped itself");
        Assert.Equal(new[] { "hv: domain alpha stopped: stopped itself" }, TestPartition.Lines("alpha stopped"));
        Assert.Equal(DomainStatus.Stopped, p.Domain("alpha").Status);
        Assert.Equal(new[] { 1 }, Sim.Signalled); // the other vCPU is told; the caller checks in itself
        Assert.Equal(CoreAction.Park, TestPartition.CheckIn(0));
        Assert.Equal(CoreAction.Park, TestPartition.CheckIn(1));
        Assert.Equal(DomainStatus.Running, p.Domain("beta").Status);
        Assert.Equal(CoreAction.Resume, TestPartition.CheckIn(2));
        Assert.False(Sim.PoweredOff);
    }

    [Fact]
    public void TheLastDomainToStopPowersTheMachineOffOnce()
    {
        var p = TestPartition.Boot(ThreeDomains);
        DomainControl<Sim>.Stop(p.CoreOf("alpha"), "a");
        DomainControl<Sim>.Stop(p.CoreOf("beta"), "b");
        Assert.False(Sim.PoweredOff);
        DomainControl<Sim>.Stop(p.CoreOf("gamma"), "c");
        Assert.Equal(1, Sim.Machine.PowerOffs);
        Assert.Single(TestPartition.Lines("hv: no domain left running, powering off"));
        Assert.Single(TestPartition.Lines("hv: heap used at power-off:"));
    }

    [Fact]
    public void RestartsAreNumberedUpToTheLimitThenTheDomainStops()
    {
        var p = TestPartition.Boot(ThreeDomains);
        for (int i = 1; i <= 2; i++)
        {
            Fault(0, "boom " + i);
            Assert.Equal(CoreAction.Enter, TestPartition.CheckIn(0)); // vCPU 0 reloads and enters afresh
            Assert.Equal(CoreAction.Park, TestPartition.CheckIn(1));
        }
        Fault(0, "boom 3");
        Assert.Equal(new[]
        {
            "hv: domain alpha restarting (1 of 2): boom 1",
            "hv: domain alpha restarting (2 of 2): boom 2",
            "hv: domain alpha stopped: boom 3",
        }, TestPartition.LifecycleLines("alpha"));
        Assert.Equal(DomainStatus.Stopped, p.Domain("alpha").Status);
        Assert.Equal(2u, p.Domain("alpha").Restarts);
        Assert.Equal(CoreAction.Park, TestPartition.CheckIn(0));
    }

    [Fact]
    public void RequestedRestartsCountTowardTheLimit()
    {
        var p = TestPartition.Boot(ThreeDomains);
        int gamma = p.CoreOf("gamma");
        Assert.Equal(GuestCallOutcome.CheckIn, TestPartition.Call(gamma, Hypercall.DomainRestart).Outcome);
        Assert.Equal(CoreAction.Enter, TestPartition.CheckIn(gamma));
        Assert.Equal(GuestCallOutcome.CheckIn, TestPartition.Call(gamma, PsciFunction.SystemReset).Outcome);
        Assert.Equal(new[]
        {
            "hv: domain gamma restarting (1 of 1): restart requested by the domain",
            "hv: domain gamma stopped: restart limit (1) reached: reset requested (PSCI SYSTEM_RESET)",
        }, TestPartition.LifecycleLines("gamma"));
        Assert.Equal(CoreAction.Park, TestPartition.CheckIn(gamma));
    }

    [Theory]
    [InlineData(Hypercall.DomainRestart, "restart requested by the domain")]
    [InlineData(PsciFunction.SystemReset, "reset requested (PSCI SYSTEM_RESET)")]
    public void PolicyStopMeansARequestedRestartStopsTheDomain(uint function, string reason)
    {
        var p = TestPartition.Boot(ThreeDomains);
        int beta = p.CoreOf("beta");
        Assert.Equal(GuestCallOutcome.CheckIn, TestPartition.Call(beta, function).Outcome);
        Assert.Equal(DomainStatus.Stopped, p.Domain("beta").Status);
        Assert.Equal(0u, p.Domain("beta").Restarts);
        Assert.Empty(TestPartition.Lines("beta restarting"));
        Assert.Equal(new[] { "hv: domain beta stopped: restart limit (0) reached: " + reason }, TestPartition.Lines("hv: domain beta stopped"));
        Assert.Equal(CoreAction.Park, TestPartition.CheckIn(beta));
        // and it stays stopped however often the (no longer running) vCPU asks again
        for (int i = 0; i < 5; i++) TestPartition.Call(beta, function);
        Assert.Single(TestPartition.LifecycleLines("beta"));
    }

    [Fact]
    public void PolicyStopMeansAFaultStopsTheDomain()
    {
        var p = TestPartition.Boot(ThreeDomains);
        Fault(p.CoreOf("beta"), "data abort");
        Assert.Equal(new[] { "hv: domain beta stopped: data abort" }, TestPartition.Lines("hv: domain beta stopped"));
        Assert.Equal(DomainStatus.Stopped, p.Domain("beta").Status);
    }

    [Fact]
    public void AFaultOfTheOtherVcpuRestartsTheDomainFromVcpuZero()
    {
        var p = TestPartition.Boot(ThreeDomains);
        Assert.Equal(PsciFunction.Success, TestPartition.Call(0, PsciFunction.CpuOn64, 1, AlphaCode + 0x200, 7).Status);
        Assert.Equal(CoreAction.Enter, TestPartition.CheckIn(1));
        Sim.Machine.Signalled.Clear();
        Fault(1, "undefined instruction");
        Assert.Equal(new[] { 0 }, Sim.Signalled);
        Assert.Equal(CoreAction.Park, TestPartition.CheckIn(1)); // waits for a new CPU_ON
        Assert.Equal(CoreAction.Enter, TestPartition.CheckIn(0));
        Assert.Equal(0x41000100UL, PartitionTable.Cores[0].EntryPoint);
        Assert.Equal(VcpuStatus.Off, TestPartition.StatusOf(1));
        Assert.Equal(1u, p.Domain("alpha").Restarts);
    }

    [Fact]
    public void AVcpuOfAFinishedRunCannotStopRestartOrFaultTheNewRun()
    {
        var p = TestPartition.Boot(ThreeDomains);
        TestPartition.Call(0, PsciFunction.CpuOn64, 1, AlphaCode, 0);
        TestPartition.CheckIn(1);
        // both vCPUs fault "at once": vCPU 1's report arrives after vCPU 0's restarted the domain
        Fault(0, "first");
        Fault(1, "second");
        DomainControl<Sim>.Restart(1, "stale restart");
        DomainControl<Sim>.Stop(1, "stale stop");
        DomainControl<Sim>.CpuOff(1);
        Assert.Equal(PsciFunction.Denied, TestPartition.Call(1, PsciFunction.CpuOn64, 1, AlphaCode, 0).Status);
        Assert.Equal(new[] { "hv: domain alpha restarting (1 of 2): first" }, TestPartition.LifecycleLines("alpha"));
        Assert.Equal(1u, p.Domain("alpha").Restarts);
        Assert.Equal(DomainStatus.Running, p.Domain("alpha").Status);
        Assert.Equal(CoreAction.Enter, TestPartition.CheckIn(0));
        Assert.Equal(CoreAction.Park, TestPartition.CheckIn(1));
    }

    [Fact]
    public void AVcpuOfAStoppedDomainCannotRestartIt()
    {
        var p = TestPartition.Boot(ThreeDomains);
        Fault(0, "fatal");                       // restart 1
        TestPartition.CheckIn(0);
        DomainControl<Sim>.Stop(0, "done");
        Fault(0, "late fault");
        DomainControl<Sim>.Restart(0, "late restart");
        Assert.Equal(DomainStatus.Stopped, p.Domain("alpha").Status);
        Assert.Equal(1u, p.Domain("alpha").Restarts);
        Assert.Single(TestPartition.Lines("alpha stopped"));
        Assert.Equal(CoreAction.Park, TestPartition.CheckIn(0));
    }

    [Fact]
    public void TwoVcpusFaultingConcurrentlyGiveOneRestartWithOneNumber()
    {
        const int rounds = 200;
        var p = TestPartition.Plan(ThreeDomains.Replace("limit: 2", $"limit: {rounds}"));
        p.Start();
        var machine = Sim.Machine;
        for (int round = 1; round <= rounds; round++)
        {
            TestPartition.Call(0, PsciFunction.CpuOn64, 1, AlphaCode, 0);
            TestPartition.CheckIn(1);
            using var go = new Barrier(2);
            var threads = new[] { 0, 1 }.Select(core => new Thread(() =>
            {
                Sim.Join(machine, core);
                go.SignalAndWait();
                Fault(core, "vCPU " + core);
            })).ToArray();
            foreach (var t in threads) t.Start();
            foreach (var t in threads) t.Join();
            Assert.Equal(CoreAction.Enter, TestPartition.CheckIn(0));
            Assert.Equal(CoreAction.Park, TestPartition.CheckIn(1));
        }
        var restarts = TestPartition.Lines("hv: domain alpha restarting (");
        Assert.Equal(rounds, restarts.Length);
        for (int i = 0; i < rounds; i++) Assert.StartsWith($"hv: domain alpha restarting ({i + 1} of {rounds}): vCPU ", restarts[i]);
        Assert.Equal((uint)rounds, p.Domain("alpha").Restarts);
    }

    /// <summary>
    /// The per-core word the ARM64 hypercall fast path trusts (CoreRun.LiveDomain) must never say
    /// "live" for a vCPU whose run ended: cleared by the stop, restart or CPU_OFF itself, before
    /// the affected cores check in; set again only by a check-in that enters or resumes.
    /// </summary>
    [Fact]
    public void TheFastPathsLiveWordFollowsEveryRunChange()
    {
        var p = TestPartition.Boot(ThreeDomains);
        int alpha = p.Index("alpha"), beta = p.CoreOf("beta");
        void AgreesWithTheRun()
        {
            for (int c = 0; c < PartitionTable.Cores.Length; c++)
            {
                int live = PartitionTable.Runs[c].LiveDomain;
                if (live != 0) Assert.True(PartitionTable.IsCurrentRun(c) && live - 1 == PartitionTable.Cores[c].Domain, $"core {c} is marked live for domain {live - 1}");
            }
        }
        Assert.Equal(alpha + 1, PartitionTable.Runs[0].LiveDomain);
        Assert.Equal(0, PartitionTable.Runs[1].LiveDomain);          // alpha's vCPU 1 is off
        TestPartition.PowerOn(1, AlphaCode);
        Assert.Equal(alpha + 1, PartitionTable.Runs[1].LiveDomain);
        AgreesWithTheRun();

        Fault(0, "boom");                                             // a restart: both alpha cores drop at once
        Assert.Equal((0, 0), (PartitionTable.Runs[0].LiveDomain, PartitionTable.Runs[1].LiveDomain));
        Assert.Equal(p.Index("beta") + 1, PartitionTable.Runs[beta].LiveDomain);
        AgreesWithTheRun();
        Assert.Equal(CoreAction.Enter, TestPartition.CheckIn(0));
        Assert.Equal(CoreAction.Park, TestPartition.CheckIn(1));
        Assert.Equal((alpha + 1, 0), (PartitionTable.Runs[0].LiveDomain, PartitionTable.Runs[1].LiveDomain));

        TestPartition.PowerOn(1, AlphaCode);
        Assert.Equal(GuestCallOutcome.CheckIn, TestPartition.Call(1, PsciFunction.CpuOff).Outcome);
        Assert.Equal(0, PartitionTable.Runs[1].LiveDomain);           // CPU_OFF: before it checks in
        AgreesWithTheRun();

        LineBuffer manager = default;
        manager.Append("by a test");
        Sim.Core = beta;
        Assert.Equal(HypercallStatus.Success, DomainControl<Sim>.StopByManager(alpha, ref manager));
        Assert.Equal(0, PartitionTable.Runs[0].LiveDomain);           // stopped from another core
        AgreesWithTheRun();
        Assert.Equal(HypercallStatus.Success, DomainControl<Sim>.StartByManager(alpha, restart: false, ref manager));
        Assert.Equal(0, PartitionTable.Runs[0].LiveDomain);
        Assert.Equal(CoreAction.Enter, TestPartition.CheckIn(0));
        Assert.Equal(alpha + 1, PartitionTable.Runs[0].LiveDomain);
        AgreesWithTheRun();
    }

    [Fact]
    public void CpuOffOfTheLastVcpuStopsTheDomain()
    {
        var p = TestPartition.Boot(ThreeDomains);
        TestPartition.Call(0, PsciFunction.CpuOn64, 1, AlphaCode, 0);
        TestPartition.CheckIn(1);
        Assert.Equal(GuestCallOutcome.CheckIn, TestPartition.Call(1, PsciFunction.CpuOff).Outcome);
        Assert.Equal(CoreAction.Park, TestPartition.CheckIn(1));
        Assert.Equal(DomainStatus.Running, p.Domain("alpha").Status); // vCPU 0 carries on
        Assert.Equal(GuestCallOutcome.CheckIn, TestPartition.Call(0, PsciFunction.CpuOff).Outcome);
        Assert.Equal(new[] { "hv: domain alpha stopped: every vCPU is off (PSCI CPU_OFF)" }, TestPartition.Lines("alpha stopped"));
        Assert.Equal(DomainStatus.Stopped, p.Domain("alpha").Status);
        Assert.Equal(CoreAction.Park, TestPartition.CheckIn(0));
        Assert.Null(Sim.Watchdogs[0]); // its watchdog is disarmed
    }

    [Fact]
    public void CpuOffOfEveryDomainsLastVcpuPowersTheMachineOff()
    {
        var p = TestPartition.Boot(ThreeDomains);
        foreach (var name in new[] { "alpha", "beta", "gamma" })
        {
            Assert.False(Sim.PoweredOff);
            TestPartition.Call(p.CoreOf(name), PsciFunction.CpuOff);
        }
        Assert.Equal(1, Sim.Machine.PowerOffs);
        Assert.Single(TestPartition.Lines("hv: no domain left running, powering off"));
    }

    [Fact]
    public void AnImageIsCopiedToItsLoadAddressAndReloadedAtRestart()
    {
        byte[] image = Enumerable.Range(0, 3000).Select(i => (byte)(i * 7)).ToArray();
        var p = TestPartition.Plan(ThreeDomains.Replace("entry_point: 0x42000000", "image: beta.bin").Replace("restart: stop", "restart: restart"),
            new Dictionary<string, byte[]> { ["beta.bin"] = image });
        GuestMemory.Fill(BetaRam, image.Length, 0);
        p.Start();
        Assert.Equal(image, GuestMemory.Read(BetaRam, image.Length));
        Assert.Contains("hv: domain beta on core 2, entry 0x42000000, image 3000 bytes", Sim.ConsoleLines());
        Assert.Equal(CoreAction.Resume, TestPartition.CheckIn(2));
        GuestMemory.Fill(BetaRam + 100, 500, 0xEE); // the guest wrote over its code
        DomainControl<Sim>.Restart(2, "reset");
        Assert.Equal(CoreAction.Enter, TestPartition.CheckIn(2));
        Assert.Equal(image, GuestMemory.Read(BetaRam, image.Length));
    }

    [Fact]
    public void RestartPolicyWithLimitZeroNeverRestarts()
    {
        var p = TestPartition.Boot(WithAlphaRestart("{ policy: restart, limit: 0 }"));
        Fault(0, "boom");
        Assert.Equal(new[] { "hv: domain alpha stopped: boom" }, TestPartition.LifecycleLines("alpha"));
        Assert.Equal(DomainStatus.Stopped, p.Domain("alpha").Status);
    }

    [Fact]
    public void AVcpuOfTheOldRunCannotActAfterVcpuZeroReloaded()
    {
        // vCPU 1 faults "at once" with vCPU 0 but reaches the lifecycle after vCPU 0 restarted the
        // domain and already checked in again (reloaded): its report belongs to the old run.
        var p = TestPartition.Boot(ThreeDomains);
        TestPartition.Call(0, PsciFunction.CpuOn64, 1, AlphaCode, 0);
        TestPartition.CheckIn(1);
        Fault(0, "first");
        Assert.Equal(CoreAction.Enter, TestPartition.CheckIn(0));
        Fault(1, "second, from the old run");
        DomainControl<Sim>.Restart(1, "stale restart");
        Assert.Equal(PsciFunction.Denied, TestPartition.Call(1, PsciFunction.CpuOn64, 1, AlphaCode, 0).Status);
        DomainControl<Sim>.Stop(1, "stale stop");
        Assert.Equal(new[] { "hv: domain alpha restarting (1 of 2): first" }, TestPartition.LifecycleLines("alpha"));
        Assert.Equal(1u, p.Domain("alpha").Restarts);
        Assert.Equal(DomainStatus.Running, p.Domain("alpha").Status);
        Assert.Equal(VcpuStatus.Off, TestPartition.StatusOf(1));
    }

    [Fact]
    public unsafe void ACorruptImageStopsItsDomainAtLoad()
    {
        byte[] image = Enumerable.Range(0, 100).Select(i => (byte)i).ToArray();
        var p = TestPartition.Plan(ThreeDomains.Replace("entry_point: 0x42000000", "image: beta.bin"), new Dictionary<string, byte[]> { ["beta.bin"] = image });
        p.Payload("beta")[50] ^= 0xFF;
        p.Start();
        Assert.Equal(new[] { "hv: domain beta stopped: image checksum does not match the plan" }, TestPartition.Lines("beta stopped"));
        Assert.Equal(CoreAction.Park, TestPartition.CheckIn(2));
        Assert.Equal(DomainStatus.Running, p.Domain("alpha").Status);
    }

    [Fact]
    public void ALoadedImageIsPublishedToAGuestThatStartsWithItsCachesOff()
    {
        byte[] image = Enumerable.Range(0, 100).Select(i => (byte)i).ToArray();
        var p = TestPartition.Plan(ThreeDomains.Replace("entry_point: 0x42000000", "image: beta.bin"), new Dictionary<string, byte[]> { ["beta.bin"] = image });
        p.Start();
        ulong load = p.Domain("beta").Plan.ImageLoadAddress;
        // the whole copy, after it was made and checked: a guest with its MMU off reads memory, not the cache
        Assert.Contains(Sim.Machine.Published, r => r.Address <= load && load + (ulong)image.Length <= r.Address + r.Size);
        Assert.Equal(DomainStatus.Running, p.Domain("beta").Status);
    }

    [Fact]
    public void AVcpuOfAStoppedDomainRingsNoDoorbellAndPrintsNothing()
    {
        TestPartition.Boot(ThreeDomains);
        TestPartition.Call(0, PsciFunction.CpuOn64, 1, AlphaCode, 0);
        TestPartition.CheckIn(1);
        Assert.Equal(GuestCallOutcome.CheckIn, TestPartition.Call(0, Hypercall.DomainStop).Outcome);
        // vCPU 1 has not taken the signal to check in yet and calls on
        GuestMemory.Write(AlphaCode, "late\n");
        TestPartition.Call(1, Hypercall.ChannelNotify, OneWay);
        TestPartition.Call(1, Hypercall.ConsoleWrite, AlphaCode, 5);
        Assert.Empty(Sim.Machine.Raised);
        Assert.Empty(TestPartition.Lines("[alpha] late"));
    }
}
