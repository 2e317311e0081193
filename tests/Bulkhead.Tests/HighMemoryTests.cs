using Bulkhead.Emulation;
using Xunit;

namespace Bulkhead.Tests;

/// <summary>
/// tests/systems/highmem.yaml under QEMU with 6 GiB of RAM: the hypervisor's EL2 map, stage 2 and
/// the guest's own EL1 map reach a domain placed above 4 GiB; the domain runs like any other.
/// </summary>
[Collection("emulator")]
public class HighMemoryTests
{
    [Fact]
    public void DomainAboveFourGibBootsAndPrints()
    {
        var run = SystemRuns.BootFile("tests/systems/highmem.yaml");

        Assert.DoesNotContain(run.Lines, l => l.StartsWith("PANIC"));
        Assert.True(run.Lines.Any(l => l.StartsWith("hv: domain high-alpha on core 0, entry 0x180000000, image ")), run.Console);
        Assert.True(run.Lines.Contains("[high-alpha] hello from high-alpha: domain 0, vCPU 0 of 1"), run.Console);
        Assert.True(run.Lines.Contains("[high-alpha] tick 10 on vCPU 0"), run.Console);
        Assert.True(run.Lines.Contains("[low-beta] tick 10 on vCPU 0"), run.Console);
        Assert.Equal(RunOutcome.PoweredOff, run.Outcome);
    }
}
