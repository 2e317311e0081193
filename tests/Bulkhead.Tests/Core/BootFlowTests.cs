using Bulkhead.Core.Partition;
using Xunit;
using static Bulkhead.Tests.Core.CoreSystems;
using Sim = Bulkhead.Tests.SimulatedArchitecture;

namespace Bulkhead.Tests.Core;

/// <summary>hv-core's boot flow and the load / first check-in states of every vCPU.</summary>
[Collection(HvCoreState.Name)]
public unsafe class BootFlowTests
{
    [Fact]
    public void EveryDomainIsDescribedLoadedAndItsSecondaryCoresStarted()
    {
        var p = TestPartition.Plan(ThreeDomains);
        p.Start();
        Assert.Contains("hv: domain alpha on cores 0,1, entry 0x41000100, image 0 bytes", Sim.ConsoleLines());
        Assert.Contains("hv: domain beta on core 2, entry 0x42000000, image 0 bytes", Sim.ConsoleLines());
        Assert.Single(TestPartition.Lines("hv: boot timeline: banner at "));
        Assert.Equal(new[] { 1, 2, 3 }, Sim.Machine.StartedCores);
        Assert.Equal(new[] { 0 }, Sim.Machine.RunCores);
        foreach (var d in PartitionTable.Domains) Assert.Equal(DomainStatus.Running, d.Status);
    }

    [Fact]
    public void VcpuZeroEntersAtTheEntryPointAndTheOthersWaitForCpuOn()
    {
        var p = TestPartition.Boot(ThreeDomains);
        int v0 = p.CoreOf("alpha", 0), v1 = p.CoreOf("alpha", 1);
        Assert.Equal((0, 1), (v0, v1));
        Assert.Equal(VcpuStatus.Running, TestPartition.StatusOf(v0));
        Assert.Equal(0x41000100UL, PartitionTable.Cores[v0].EntryPoint);
        Assert.Equal(VcpuStatus.Off, TestPartition.StatusOf(v1));
        Assert.Equal(CoreAction.Resume, TestPartition.CheckIn(v0));
        Assert.Equal(CoreAction.Park, TestPartition.CheckIn(v1));
        Assert.Equal(2, p.Domain("alpha").VcpuCount);
    }
}
