using Bulkhead.Systems;
using Xunit;

namespace Bulkhead.Tests;

/// <summary>
/// Real-board examples build into a flashable image. Only the J721E example is built here (about a minute:
/// a hypervisor and two guests compiled for its board); the others are checked by ExampleSystemsCheckTests
/// and share its code paths (board constants, high-DDR placement, 8250 console).
/// </summary>
[Collection("emulator")]
public class ExampleBuildTests
{
    [Fact]
    public void Ti_j721e_example_builds_at_the_u_boot_load_address_with_a_high_ddr_domain()
    {
        var built = SystemBuilder.Build(TestImages.Repo, Path.Combine(TestImages.Repo.Root, "examples", "systems", "ti-j721e.yaml"), TextWriter.Null);
        Assert.Equal("ti-j721e", built.Board.Id);
        Assert.Equal(0x80080000UL, built.HypervisorMemory.Base);
        Assert.True(built.HypervisorMemory.End <= 0x80400000UL, $"hypervisor {built.HypervisorMemory} outgrows its reserved 4 MiB");
        Assert.True(File.Exists(built.PlanFile));
        Assert.Contains(built.System.Domains, d => d.Name == "vehicle-ctrl" && d.Memory.Any(m => m.Range.Base == 0x880000000UL));
    }
}
