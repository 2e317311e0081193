using Bulkhead.Core.Abi;
using Bulkhead.Core.Partition;
using Bulkhead.Core.Text;
using Xunit;
using static Bulkhead.Tests.Core.CoreSystems;
using Sim = Bulkhead.Tests.SimulatedArchitecture;

namespace Bulkhead.Tests.Core;

/// <summary>
/// Restart rate limits (plan 2.3): 'limit' restarts within any 'window_ms' (a restart at t counts the
/// restarts in (t - window, t]); a window of 0 is today's count over the system's whole run.
/// </summary>
[Collection(HvCoreState.Name)]
public class RestartWindowTests
{
    private const ulong Ms = 1_000_000;

    private static void FaultAt(ulong ms, string what)
    {
        Sim.Now = ms * Ms;
        Sim.Core = 0;
        LineBuffer cause = default;
        cause.Append(what);
        DomainControl<Sim>.Fault(0, ref cause);
        TestPartition.CheckIn(0);
    }

    [Fact]
    public void LimitRestartsWithinTheWindowThenTheNextStopsTheDomain()
    {
        var p = TestPartition.Boot(WithAlphaRestart("{ policy: restart, limit: 2, window_ms: 10000 }"));
        FaultAt(1000, "boom 1");
        FaultAt(2000, "boom 2");
        FaultAt(10999, "boom 3"); // the restart at 1000 ms is still inside (999 ms, 10999 ms]
        Assert.Equal(new[]
        {
            "hv: domain alpha restarting (1, 1 of 2 in 10000 ms): boom 1",
            "hv: domain alpha restarting (2, 2 of 2 in 10000 ms): boom 2",
            "hv: domain alpha stopped: restart limit (2 in 10000 ms) reached: boom 3",
        }, TestPartition.LifecycleLines("alpha"));
        Assert.Equal(DomainStatus.Stopped, p.Domain("alpha").Status);
        Assert.Equal(CoreAction.Park, TestPartition.CheckIn(0));
    }

    [Fact]
    public void RestartsSpreadBeyondTheWindowKeepRestarting()
    {
        var p = TestPartition.Boot(WithAlphaRestart("{ policy: restart, limit: 2, window_ms: 10000 }"));
        FaultAt(1000, "a");
        FaultAt(2000, "b");
        FaultAt(11000, "c");  // exactly one window after the first: it has left the window
        FaultAt(12000, "d");
        for (int i = 0; i < 20; i++) FaultAt(30000 + 6000UL * (ulong)i, "slow " + i);
        var lines = TestPartition.LifecycleLines("alpha");
        Assert.Equal("hv: domain alpha restarting (3, 2 of 2 in 10000 ms): c", lines[2]);
        Assert.Equal("hv: domain alpha restarting (4, 2 of 2 in 10000 ms): d", lines[3]);
        Assert.Equal("hv: domain alpha restarting (5, 1 of 2 in 10000 ms): slow 0", lines[4]);
        Assert.Equal("hv: domain alpha restarting (24, 2 of 2 in 10000 ms): slow 19", lines[23]);
        Assert.Equal(24, lines.Length);
        Assert.Equal(24u, p.Domain("alpha").Restarts);
        Assert.Equal(DomainStatus.Running, p.Domain("alpha").Status);
    }

    [Fact]
    public void WindowZeroIsTheCountLimitOverTheWholeRun()
    {
        var p = TestPartition.Boot(WithAlphaRestart("{ policy: restart, limit: 2, window_ms: 0 }"));
        FaultAt(1000, "boom 1");
        FaultAt(3_600_000, "boom 2");
        FaultAt(7_200_000, "boom 3"); // hours apart: still the third fault of the run
        Assert.Equal(new[]
        {
            "hv: domain alpha restarting (1 of 2): boom 1",
            "hv: domain alpha restarting (2 of 2): boom 2",
            "hv: domain alpha stopped: boom 3",
        }, TestPartition.LifecycleLines("alpha"));
        Assert.Equal(DomainStatus.Stopped, p.Domain("alpha").Status);
    }

    [Fact]
    public void RequestedRestartsCountInTheWindowToo()
    {
        var p = TestPartition.Boot(ThreeDomains.Replace("restart: { policy: restart, limit: 1 }", "restart: { policy: restart, limit: 1, window_ms: 5000 }"));
        int gamma = p.CoreOf("gamma");
        Sim.Now = 100 * Ms;
        TestPartition.Call(gamma, Hypercall.DomainRestart);
        Assert.Equal(CoreAction.Enter, TestPartition.CheckIn(gamma));
        Sim.Now = 5200 * Ms;
        TestPartition.Call(gamma, PsciFunction.SystemReset);
        Assert.Equal(CoreAction.Enter, TestPartition.CheckIn(gamma));
        Sim.Now = 5300 * Ms;
        TestPartition.Call(gamma, Hypercall.DomainRestart);
        Assert.Equal(new[]
        {
            "hv: domain gamma restarting (1, 1 of 1 in 5000 ms): restart requested by the domain",
            "hv: domain gamma restarting (2, 1 of 1 in 5000 ms): reset requested (PSCI SYSTEM_RESET)",
            "hv: domain gamma stopped: restart limit (1 in 5000 ms) reached: restart requested by the domain",
        }, TestPartition.LifecycleLines("gamma"));
    }

    [Fact]
    public void TwoVcpusFaultingConcurrentlyStillGiveOneNumberPerRestart()
    {
        const int rounds = 100;
        var p = TestPartition.Plan(WithAlphaRestart("{ policy: restart, limit: 3, window_ms: 1000 }"));
        p.Start();
        var machine = Sim.Machine;
        for (int round = 1; round <= rounds; round++)
        {
            Sim.Now = (ulong)round * 400 * Ms; // 2 or 3 restarts in every window: never over the limit
            TestPartition.Call(0, PsciFunction.CpuOn64, 1, AlphaCode, 0);
            TestPartition.CheckIn(1);
            using var go = new Barrier(2);
            var threads = new[] { 0, 1 }.Select(core => new Thread(() =>
            {
                Sim.Join(machine, core);
                go.SignalAndWait();
                LineBuffer cause = default;
                cause.Append("vCPU " + core);
                DomainControl<Sim>.Fault(core, ref cause);
            })).ToArray();
            foreach (var t in threads) t.Start();
            foreach (var t in threads) t.Join();
            Assert.Equal(CoreAction.Enter, TestPartition.CheckIn(0));
            Assert.Equal(CoreAction.Park, TestPartition.CheckIn(1));
        }
        var restarts = TestPartition.Lines("hv: domain alpha restarting (");
        Assert.Equal(rounds, restarts.Length);
        for (int i = 0; i < rounds; i++) Assert.StartsWith($"hv: domain alpha restarting ({i + 1}, ", restarts[i]);
        Assert.Equal((uint)rounds, p.Domain("alpha").Restarts);
    }
}
