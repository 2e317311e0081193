using Bulkhead.Core.Abi;
using Bulkhead.Core.Partition;
using Bulkhead.Core.Text;
using Xunit;
using static Bulkhead.Tests.Core.CoreSystems;
using Sim = Bulkhead.Tests.SimulatedArchitecture;

namespace Bulkhead.Tests.Core;

/// <summary>The watchdog on the per-core hypervisor timer: armed by vCPU 0's entry, kicked, expired, re-armed, disarmed.</summary>
[Collection(HvCoreState.Name)]
public class WatchdogMonitorTests
{
    private const ulong Ms = 1_000_000;

    private static ulong? Timer(int core) => Sim.Watchdogs.TryGetValue(core, out var deadline) ? deadline : null;

    [Fact]
    public void OnlyVcpuZeroOfADomainWithAWatchdogArmsTheTimerWhenItEnters()
    {
        var p = TestPartition.Plan(ThreeDomains);
        p.Start();
        Assert.Equal(AlphaWatchdogMs * Ms, Timer(0));
        Assert.Equal(BetaWatchdogMs * Ms, Timer(2));
        Assert.Null(Timer(1)); // vCPU 1 (off)
        Assert.Null(Timer(3)); // gamma has no watchdog
        Assert.Equal(0UL, WatchdogMonitor<Sim>.DeadlineOn(1));
        Assert.Equal(0UL, WatchdogMonitor<Sim>.DeadlineOn(3));
        Sim.Now = 30 * Ms;
        TestPartition.Call(0, PsciFunction.CpuOn64, 1, AlphaCode, 0);
        Assert.Equal(Bulkhead.Core.Partition.CoreAction.Enter, TestPartition.CheckIn(1));
        Assert.Null(Timer(1));
        Assert.Equal(AlphaWatchdogMs * Ms, Timer(0)); // vCPU 1's entry does not restart the period
    }

    [Fact]
    public void AHeartbeatMovesTheDeadlineAndAnEarlyTimerReArmsForIt()
    {
        TestPartition.Boot(ThreeDomains);
        Sim.Now = 60 * Ms;
        TestPartition.Call(0, Hypercall.Heartbeat);
        Assert.Equal(160 * Ms, WatchdogMonitor<Sim>.DeadlineOn(0));
        Sim.Now = 100 * Ms; // the timer was armed for the old deadline
        Assert.False(WatchdogMonitor<Sim>.OnTimer(0));
        Assert.Equal(160 * Ms, Timer(0));
        Assert.Empty(TestPartition.LifecycleLines("alpha"));
    }

    [Fact]
    public void ExpiryRestartsUntilTheLimitThenStopsAndDisarms()
    {
        var p = TestPartition.Boot(ThreeDomains);
        ulong start = 0;
        for (int i = 1; i <= 3; i++)
        {
            Sim.Now = start + (AlphaWatchdogMs + 5) * Ms;
            Assert.True(WatchdogMonitor<Sim>.OnTimer(0));
            Assert.Null(Timer(0));
            var action = TestPartition.CheckIn(0);
            if (i < 3)
            {
                Assert.Equal(CoreAction.Enter, action);
                Assert.Equal(Sim.Now + AlphaWatchdogMs * Ms, Timer(0)); // a new period from the new entry
                start = Sim.Now;
            }
            else Assert.Equal(CoreAction.Park, action);
        }
        Assert.Equal(new[]
        {
            "hv: domain alpha restarting (1 of 2): watchdog expired: no heartbeat for 105 ms (period 100 ms)",
            "hv: domain alpha restarting (2 of 2): watchdog expired: no heartbeat for 105 ms (period 100 ms)",
            "hv: domain alpha stopped: watchdog expired: no heartbeat for 105 ms (period 100 ms)",
        }, TestPartition.LifecycleLines("alpha"));
        Assert.Equal(DomainStatus.Stopped, p.Domain("alpha").Status);
        Assert.Null(Timer(0));
        Assert.Equal(0UL, WatchdogMonitor<Sim>.DeadlineOn(0));
        Assert.False(WatchdogMonitor<Sim>.OnTimer(0)); // a late timer of a stopped domain changes nothing
        Assert.Single(TestPartition.Lines("alpha stopped"));
    }

    [Fact]
    public void ExpiryStopsADomainWhosePolicyIsStop()
    {
        var p = TestPartition.Boot(ThreeDomains);
        Sim.Now = 10_000 * Ms + 999_999; // long overdue, and not a whole millisecond
        Assert.True(WatchdogMonitor<Sim>.OnTimer(2));
        Assert.Equal(new[] { "hv: domain beta stopped: watchdog expired: no heartbeat for 10000 ms (period 50 ms)" }, TestPartition.LifecycleLines("beta"));
        Assert.Equal(CoreAction.Park, TestPartition.CheckIn(2));
        Assert.Null(Timer(2));
        Assert.Equal(DomainStatus.Running, p.Domain("alpha").Status);
    }

    [Fact]
    public void TheTimerOfACoreWithoutAWatchdogIsDisarmed()
    {
        TestPartition.Boot(ThreeDomains);
        Sim.Now = 1_000_000 * Ms;
        Assert.False(WatchdogMonitor<Sim>.OnTimer(3)); // gamma: no watchdog
        Assert.False(WatchdogMonitor<Sim>.OnTimer(1)); // alpha's vCPU 1: the watchdog lives on vCPU 0
        Assert.Null(Timer(3));
        Assert.Null(Timer(1));
        Assert.Empty(TestPartition.LifecycleLines("gamma"));
        Assert.Empty(TestPartition.LifecycleLines("alpha"));
    }

    [Fact]
    public void TheWatchdogStaysWhileVcpuZeroIsOffAndAnotherCarriesOn()
    {
        var p = TestPartition.Boot(ThreeDomains);
        TestPartition.Call(0, PsciFunction.CpuOn64, 1, AlphaCode, 0);
        TestPartition.CheckIn(1);
        TestPartition.Call(0, PsciFunction.CpuOff);
        Assert.Equal(CoreAction.Park, TestPartition.CheckIn(0));
        Assert.Equal(AlphaWatchdogMs * Ms, Timer(0));
        Sim.Now = 50 * Ms;
        TestPartition.Call(1, Hypercall.Heartbeat);
        Sim.Now = 100 * Ms;
        Assert.False(WatchdogMonitor<Sim>.OnTimer(0));
        Sim.Now = 150 * Ms;
        Assert.True(WatchdogMonitor<Sim>.OnTimer(0));
        Assert.Equal(new[] { "hv: domain alpha restarting (1 of 2): watchdog expired: no heartbeat for 100 ms (period 100 ms)" }, TestPartition.LifecycleLines("alpha"));
        Assert.Equal(CoreAction.Enter, TestPartition.CheckIn(0));
        Assert.Equal(1u, p.Domain("alpha").Restarts);
    }

    [Fact]
    public void ATimerBetweenARestartAndVcpuZerosReturnDoesNotRestartAgain()
    {
        var p = TestPartition.Boot(ThreeDomains);
        TestPartition.Call(0, PsciFunction.CpuOn64, 1, AlphaCode, 0);
        TestPartition.CheckIn(1);
        Sim.Now = 200 * Ms;
        TestPartition.Call(1, Hypercall.DomainRestart); // vCPU 1 restarts the domain; vCPU 0 has not checked in yet
        WatchdogMonitor<Sim>.OnTimer(0);                // ... when its overdue timer fires
        Assert.Equal(new[] { "hv: domain alpha restarting (1 of 2): restart requested by the domain" }, TestPartition.LifecycleLines("alpha"));
        Assert.Equal(CoreAction.Enter, TestPartition.CheckIn(0));
        Assert.Equal(300 * Ms, Timer(0));
        Assert.Equal(1u, p.Domain("alpha").Restarts);
    }

    [Fact]
    public void CyclingVcpuZeroThroughCpuOffAndCpuOnDoesNotFeedTheWatchdog()
    {
        TestPartition.Boot(ThreeDomains);
        TestPartition.Call(0, PsciFunction.CpuOn64, 1, AlphaCode, 0);
        TestPartition.CheckIn(1);
        Sim.Now = 10 * Ms;
        TestPartition.Call(0, PsciFunction.CpuOff);
        TestPartition.CheckIn(0);
        Sim.Now = 90 * Ms;
        Assert.Equal(PsciFunction.Success, TestPartition.Call(1, PsciFunction.CpuOn64, 0, AlphaCode, 0).Status);
        Assert.Equal(CoreAction.Enter, TestPartition.CheckIn(0));
        Assert.Equal(AlphaWatchdogMs * Ms, WatchdogMonitor<Sim>.DeadlineOn(0)); // no heartbeat since the start
        Sim.Now = 100 * Ms;
        Assert.True(WatchdogMonitor<Sim>.OnTimer(0));
        Assert.Single(TestPartition.Lines("watchdog expired: no heartbeat for 100 ms"));
    }

    [Fact]
    public void TheExpiryLineSaysHowLongAndThePeriod()
    {
        var p = TestPartition.Boot(ThreeDomains);
        p.Domain("alpha").LastHeartbeatNs = 5 * Ms;
        LineBuffer line = default;
        Watchdog.DescribeExpiry(p.Domain("alpha"), 1234 * Ms + 900_000, ref line);
        var text = new string(Enumerable.Range(0, line.Length).Select(i => (char)line[i]).ToArray());
        Assert.Equal("watchdog expired: no heartbeat for 1229 ms (period 100 ms)", text);
        Assert.False(Watchdog.Expired(p.Domain("alpha"), 105 * Ms - 1));
        Assert.True(Watchdog.Expired(p.Domain("alpha"), 105 * Ms));
        Assert.False(Watchdog.Expired(p.Domain("gamma"), ulong.MaxValue));
    }
}
