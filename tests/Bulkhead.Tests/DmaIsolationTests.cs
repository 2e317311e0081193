using System.Collections.Concurrent;
using Bulkhead.Emulation;
using Bulkhead.Systems;
using Xunit;

namespace Bulkhead.Tests;

/// <summary>
/// DMA isolation under QEMU (GICv3 and GICv2, -icount): tests/systems/dma.yaml gives the PCIe bridge
/// of QEMU virt, behind its SMMUv3 (-M virt,iommu=smmuv3), to dma-owner, with QEMU's edu device at
/// 00:03.0 (stream ID = requester ID 0x18). The guest (tests/guests/dma-edu) programs edu's DMA
/// engine: into its own RAM it must work; into dma-witness's RAM and the hypervisor's it must be
/// blocked (witness page unchanged, one hypervisor line per blocked burst naming stream, device and
/// domain), and the other domain keeps running. The refusal of DMA without an IOMMU is a checker
/// test (fixtures invalid/dma-without-iommu.yaml, BH092).
/// </summary>
[Collection("emulator")]
public class DmaIsolationTests
{
    public static readonly TheoryData<int> GicVersions = new() { 3, 2 };
    private const string Edu = "edu,addr=0x3,dma_mask=0xffffffffff";   // 40-bit DMA addresses (edu's default is 28 bits)
    private static readonly ConcurrentDictionary<int, Lazy<RunResult>> Runs = new();

    private static RunResult Boot(int gic) => Runs.GetOrAdd(gic, g => new Lazy<RunResult>(() =>
    {
        var built = SystemBuilder.Build(TestImages.Repo, SystemRuns.Variant("dma", g), TextWriter.Null);
        var machine = Machines.QemuFor(built.Board, built.Hypervisor, cores: null, cpu: "cortex-a72").Deterministic() with { Devices = [Edu] };
        Assert.Contains("iommu=smmuv3", string.Join(" ", machine.Arguments()));
        return EmulatorRun.Run(QemuArm64Machine.Executable, machine.Arguments(), TimeSpan.FromSeconds(60));
    })).Value;

    private const string Blocked = "by stream 0x18 (device pcie of domain dma-owner): F_TRANSLATION (outside the owner's memory), 64 accesses";

    [Theory, MemberData(nameof(GicVersions))]
    public void SmmuIsProgrammedWithEveryOtherStreamAborted(int gic)
    {
        var run = Boot(gic);
        Assert.Contains(run.Lines, l => l.StartsWith("hv: SMMUv3 at 0x9050000: stage ") && l.EndsWith(", 256 stream IDs to domains, every other stream ID aborted"));
        GuestVerdicts.AssertPassed(run, "dma-owner", "dma-edu-found");
        Assert.Contains("[dma-owner] edu at 00:03.0, requester ID 0x18", run.Lines);
    }

    [Theory, MemberData(nameof(GicVersions))]
    public void DmaIntoTheOwnersRamWorks(int gic)
    {
        var run = Boot(gic);
        GuestVerdicts.AssertPassed(run, "dma-owner", "dma-own-ram");
        // Its own transfers raise no SMMU event: the first event is the first foreign write.
        int own = run.IndexOf(l => l == "[dma-owner] PASS dma-own-ram");
        int firstEvent = run.IndexOf(l => l.StartsWith("hv: SMMU blocked"));
        Assert.True(own >= 0 && firstEvent > own, run.Console);
    }

    [Theory, MemberData(nameof(GicVersions))]
    public void DmaIntoAnotherDomainIsBlockedReportedAndHarmless(int gic)
    {
        var run = Boot(gic);
        Assert.Contains("hv: SMMU blocked DMA write at 0x0000000049800000 " + Blocked, run.Lines);
        Assert.Contains("hv: SMMU blocked DMA read at 0x0000000049800000 " + Blocked, run.Lines);
        GuestVerdicts.AssertPassed(run, "dma-owner", "dma-foreign-read-blocked");
        // The witness, on its own core, kept running and found its page unchanged after the attack.
        int done = run.IndexOf(l => l == "[dma-owner] dma-owner done");
        int intact = run.IndexOf(l => l == "[dma-witness] PASS witness-memory-intact");
        Assert.True(done >= 0 && intact > done, run.Console);
        GuestVerdicts.AssertPassed(run, "dma-witness", "witness-memory-intact");
    }

    [Theory, MemberData(nameof(GicVersions))]
    public void DmaIntoTheHypervisorIsBlockedAndTheMachineRunsOn(int gic)
    {
        var run = Boot(gic);
        // 0x40100000: inside the hypervisor's image (hypervisor.reserved 0x40000000-0x40400000).
        Assert.Contains("hv: SMMU blocked DMA write at 0x0000000040100000 " + Blocked, run.Lines);
        Assert.DoesNotContain(run.Lines, l => l.Contains("PANIC"));
        Assert.Contains("hv: no domain left running, powering off", run.Lines);
        Assert.Contains(run.Lines, l => l.StartsWith("hv: heap used at power-off: "));
        Assert.Equal(0, run.ExitCode);
    }
}
