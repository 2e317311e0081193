using Bulkhead.Core;
using Bulkhead.Core.Partition;
using Bulkhead.Core.Plan;
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

    private static string[] BootRefused(TestPartition p, BootInfo info, int cores = 4, PlanArch arch = PlanArch.Arm64)
    {
        Sim.Reset(4);
        Assert.Throws<SimulatedHalt>(() => Hypervisor<Sim>.StartPartition(info, cores, arch));
        Assert.Empty(Sim.Machine.RunCores);
        Assert.Empty(Sim.Machine.StartedCores);
        return Sim.ConsoleLines();
    }

    [Fact]
    public void APlanForAnotherBoardIsRefused()
    {
        var p = TestPartition.Plan(ThreeDomains);
        var info = p.Info;
        info.Board = "qemu-virt-gicv2";
        Assert.Equal(new[] { "PANIC: partition plan rejected: it was made for another board" }, BootRefused(p, info));
    }

    [Fact]
    public void APlanForAnotherArchitectureIsRefused()
    {
        var p = TestPartition.Plan(ThreeDomains);
        Assert.Equal(new[] { "PANIC: partition plan rejected: it was made for another architecture" }, BootRefused(p, p.Info, arch: PlanArch.X86_64));
    }

    [Fact]
    public void APlanWithMoreCoresThanTheMachineIsRefused()
    {
        var p = TestPartition.Plan(ThreeDomains);
        Assert.Equal(new[] { "PANIC: partition plan rejected: the plan describes more cores than the machine has" }, BootRefused(p, p.Info, cores: 3));
    }

    [Fact]
    public unsafe void ACorruptPlanIsRefused()
    {
        var p = TestPartition.Plan(ThreeDomains);
        ((byte*)p.PlanAddress)[p.PlanBytes.Length - 1] ^= 0x01;
        var lines = BootRefused(p, p.Info);
        Assert.Single(lines);
        Assert.StartsWith("PANIC: partition plan rejected: ", lines[0]);
    }

    [Fact]
    public void APlanWhoseImageIsNotEmbeddedIsRefused()
    {
        var p = TestPartition.Plan(ThreeDomains.Replace("entry_point: 0x42000000", "image: beta.bin"), new Dictionary<string, byte[]> { ["beta.bin"] = new byte[64] });
        var info = p.Info;
        info.ImageCount = 1; // only alpha's (none)
        Assert.Equal(new[] { "PANIC: partition plan rejected: a domain's guest image is missing from the hypervisor image" }, BootRefused(p, info));
    }

    [Fact]
    public void AnEmbeddedImageLargerThanThePlanSaysStopsItsDomain()
    {
        var p = TestPartition.Plan(ThreeDomains.Replace("entry_point: 0x42000000", "image: beta.bin"), new Dictionary<string, byte[]> { ["beta.bin"] = new byte[64] });
        p.SetPayload("beta", new byte[65]);
        p.Start();
        Assert.Equal(new[] { "hv: domain beta stopped: image does not fit its memory" }, TestPartition.LifecycleLines("beta"));
        Assert.Equal(DomainStatus.Running, p.Domain("alpha").Status);
    }

    private const ulong BuiltinRegion = 0x200000;

    [Theory]
    [InlineData(BuiltinRegion, false)]
    [InlineData(BuiltinRegion + 1, true)]
    public void ABuiltinImageMustFitTheRegionFromItsLoadAddress(ulong size, bool stops)
    {
        // a builtin image is measured by the build, not by the checker: the plan leaves its size open
        // (an ARM64 C# service's region is whole 2 MiB blocks, BH105)
        var p = TestPartition.Plan(ThreeDomains.Replace("entry_point: 0x42000000", "image: { builtin: beta }")
            .Replace("memory: [{ base: 0x42000000, size: 64K }]", "memory: [{ base: 0x42000000, size: 2M }]"));
        GuestMemory.Fill(BetaRam + BuiltinRegion, 16, 0xEE);
        p.SetPayload("beta", Enumerable.Repeat((byte)0x5A, (int)size).ToArray());
        p.Start();
        Assert.Equal(stops ? new[] { "hv: domain beta stopped: image does not fit its memory" } : Array.Empty<string>(), TestPartition.LifecycleLines("beta"));
        Assert.All(GuestMemory.Read(BetaRam + BuiltinRegion, 16), b => Assert.Equal(0xEE, b));
        if (!stops) Assert.All(GuestMemory.Read(BetaRam, (int)size), b => Assert.Equal(0x5A, b));
    }
}
