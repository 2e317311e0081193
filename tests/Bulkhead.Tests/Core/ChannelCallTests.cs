using Bulkhead.Core.Abi;
using Bulkhead.Core.Hypercalls;
using Bulkhead.Core.Partition;
using Xunit;
using static Bulkhead.Core.Abi.HypercallStatus;
using static Bulkhead.Tests.Core.CoreSystems;
using Sim = Bulkhead.Tests.SimulatedArchitecture;

namespace Bulkhead.Tests.Core;

/// <summary>CHANNEL_INFO and CHANNEL_NOTIFY: roles, one-way and shared rules, doorbells, bad indexes, outsiders.</summary>
[Collection(HvCoreState.Name)]
public class ChannelCallTests
{
    private const ulong Writer = Hypercall.RoleWriter << 32, Reader = Hypercall.RoleReader << 32;

    [Theory]
    [InlineData("alpha", OneWay, OneWayBase, OneWayDoorbell | Writer)]
    [InlineData("beta", OneWay, OneWayBase, OneWayDoorbell | Reader)]
    [InlineData("beta", Shared, SharedBase, SharedDoorbell | Writer)]
    [InlineData("alpha", Shared, SharedBase, SharedDoorbell | Reader)]
    [InlineData("alpha", Quiet, QuietBase, 0 | Writer)]
    [InlineData("gamma", Quiet, QuietBase, 0 | Reader)]
    public void InfoDescribesTheChannelAndTheCallersRole(string domain, uint channel, ulong expectedBase, ulong doorbellAndRole)
    {
        var p = TestPartition.Boot(ThreeDomains);
        var call = TestPartition.Call(p.CoreOf(domain), Hypercall.ChannelInfo, channel);
        Assert.Equal((GuestCallOutcome.Return, Success), (call.Outcome, call.Status));
        Assert.Equal((expectedBase, 0x1000UL, doorbellAndRole), (call.R1, call.R2, call.R3));
        Assert.Empty(Sim.Machine.Raised);
    }

    [Theory]
    [InlineData("gamma", OneWay)]
    [InlineData("gamma", Shared)]
    [InlineData("beta", Quiet)]
    public void ADomainOnNeitherSideIsDenied(string domain, uint channel)
    {
        var p = TestPartition.Boot(ThreeDomains);
        int core = p.CoreOf(domain);
        var info = TestPartition.Call(core, Hypercall.ChannelInfo, channel);
        Assert.Equal((Denied, 0UL, 0UL, 0UL), (info.Status, info.R1, info.R2, info.R3));
        Assert.Equal(Denied, TestPartition.Call(core, Hypercall.ChannelNotify, channel).Status);
        Assert.Empty(Sim.Machine.Raised);
    }

    [Theory]
    [InlineData(3UL)]
    [InlineData(31UL)]
    [InlineData(32UL)]
    [InlineData(0x100000000UL)]             // would be channel 0 if truncated to 32 bits
    [InlineData(0xFFFFFFFFFFFFFFFFUL)]
    public void ABadChannelIndexIsInvalid(ulong index)
    {
        TestPartition.Boot(ThreeDomains);
        foreach (uint function in new[] { Hypercall.ChannelInfo, Hypercall.ChannelNotify })
        {
            var call = TestPartition.Call(0, function, index);
            Assert.Equal((InvalidParameters, 0UL, 0UL, 0UL), (call.Status, call.R1, call.R2, call.R3));
        }
        Assert.Empty(Sim.Machine.Raised);
    }

    [Fact]
    public void DoorbellsBeyondTheChannelsLimitAreBusyAndRingAgainWhenItRefills()
    {
        // 1000 rings/s: 10 at once, then one per millisecond.
        var p = TestPartition.Boot(ThreeDomains.Replace("doorbell: 100 }", "doorbell: 100, doorbell_limit: 1000 }"));
        Sim.Machine.Raised.Clear();
        for (int i = 0; i < 10; i++) Assert.Equal(Success, TestPartition.Call(0, Hypercall.ChannelNotify, OneWay).Status);
        Assert.Equal(Busy, TestPartition.Call(0, Hypercall.ChannelNotify, OneWay).Status);
        Assert.Equal(10, Sim.Machine.Raised.Count); // a refused ring interrupts nobody
        Sim.Now += 1_000_000;
        Assert.Equal(Success, TestPartition.Call(0, Hypercall.ChannelNotify, OneWay).Status);
        Assert.Equal(Busy, TestPartition.Call(0, Hypercall.ChannelNotify, OneWay).Status);
        Assert.Equal(Success, TestPartition.Call(p.CoreOf("beta"), Hypercall.ChannelNotify, Shared).Status); // another channel, its own budget
    }

    [Fact]
    public void AChannelWithoutALimitInTheSystemFileGetsTheDefaultAndZeroMeansNone()
    {
        TestPartition.Boot(ThreeDomains);
        int rang = 0;
        for (int i = 0; i < 1000; i++) if (TestPartition.Call(0, Hypercall.ChannelNotify, OneWay).Status == Success) rang++;
        Assert.Equal(100, rang); // default 10,000/s: 100 at once

        TestPartition.Boot(ThreeDomains.Replace("doorbell: 100 }", "doorbell: 100, doorbell_limit: 0 }"));
        for (int i = 0; i < 1000; i++) Assert.Equal(Success, TestPartition.Call(0, Hypercall.ChannelNotify, OneWay).Status);
    }

    [Fact]
    public void TheWriterRingsAOneWayChannelsDoorbell()
    {
        TestPartition.Boot(ThreeDomains);
        TestPartition.PowerOn(1, AlphaCode);
        Sim.Machine.Raised.Clear();
        Assert.Equal(Success, TestPartition.Call(1, Hypercall.ChannelNotify, OneWay).Status); // any vCPU of the writer
        Assert.Equal(new[] { (1, OneWayDoorbell) }, Sim.Machine.Raised);
        Assert.Equal(1, PartitionTable.OwnerOfInterrupt(OneWayDoorbell)); // the reader, beta, owns the doorbell
    }

    [Fact]
    public void AReaderMayNotRingAOneWayChannel()
    {
        var p = TestPartition.Boot(ThreeDomains);
        Assert.Equal(Denied, TestPartition.Call(p.CoreOf("beta"), Hypercall.ChannelNotify, OneWay).Status);
        Assert.Equal(Denied, TestPartition.Call(p.CoreOf("gamma"), Hypercall.ChannelNotify, Quiet).Status);
        Assert.Empty(Sim.Machine.Raised);
    }

    [Fact]
    public void EitherSideRingsASharedChannel()
    {
        var p = TestPartition.Boot(ThreeDomains);
        int beta = p.CoreOf("beta");
        Assert.Equal(Success, TestPartition.Call(beta, Hypercall.ChannelNotify, Shared).Status);
        Assert.Equal(Success, TestPartition.Call(0, Hypercall.ChannelNotify, Shared).Status);
        Assert.Equal(new[] { (beta, SharedDoorbell), (0, SharedDoorbell) }, Sim.Machine.Raised);
    }

    [Fact]
    public void AChannelWithoutDoorbellCannotBeRung()
    {
        TestPartition.Boot(ThreeDomains);
        Assert.Equal(NotSupported, TestPartition.Call(0, Hypercall.ChannelNotify, Quiet).Status);
        Assert.Empty(Sim.Machine.Raised);
    }

    [Fact]
    public void EveryRingRaisesTheDoorbellOnce()
    {
        TestPartition.Boot(ThreeDomains.Replace("doorbell: 100 }", "doorbell: 100, doorbell_limit: 0 }"));
        for (int i = 0; i < 1000; i++) TestPartition.Call(0, Hypercall.ChannelNotify, OneWay);
        Assert.Equal(1000, Sim.Machine.Raised.Count);
        Assert.All(Sim.Machine.Raised, r => Assert.Equal((0, OneWayDoorbell), r));
    }
}
