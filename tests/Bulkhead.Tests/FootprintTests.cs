using Bulkhead.Build;
using Bulkhead.Config.Boards;
using Bulkhead.Config.Checking;
using Bulkhead.Systems;
using Xunit;

namespace Bulkhead.Tests;

/// <summary>
/// The hypervisor embeds every domain image, so its memory (image, page tables, stacks, heap) must
/// be measured and must fit its board's hypervisor.reserved range; domains are placed right after
/// that range. check estimates it, build measures the built ELF; both refuse with a located error.
/// </summary>
public class FootprintTests
{
    private static string BoardFile(string id) => Path.Combine(TestImages.Repo.Root, "boards", id + ".yaml");

    /// <summary>A system in a temporary folder whose only domain carries a 40 MB file image.</summary>
    private static string SystemWithLargeImage(string folder)
    {
        using (var image = File.Create(Path.Combine(folder, "large.bin"))) image.SetLength(40_000_000);
        string system = Path.Combine(folder, "large.yaml");
        File.WriteAllText(system, string.Join("\n",
            "name: large-image",
            $"board: {BoardFile("qemu-virt-gicv3")}",
            "domains:",
            "  - name: linux",
            "    criticality: QM",
            "    cores: [0]",
            "    memory: [{ base: 0x44000000, size: 64M }]",
            "    image: large.bin",
            ""));
        return system;
    }

    [Fact]
    public void CheckRefusesAnImageThatMakesTheHypervisorOutgrowItsRange()
    {
        var folder = Directory.CreateTempSubdirectory("bulkhead-footprint-");
        try
        {
            string system = SystemWithLargeImage(folder.FullName);
            var result = Checker.CheckFile(system);
            var error = Assert.Single(result.Diagnostics.Items, d => d.Code == "BH085");
            Assert.Matches(@"large\.yaml:8:\d+: error BH085: domains\[0\]\.image: the hypervisor embeds every domain image: it needs at least \d+\.\d+ MiB from its load address 0x40080000 \(estimated: ", error.ToString());
            Assert.Contains("more than its reserved range 0x40000000-0x40400000 (hypervisor.reserved in ", error.ToString());
            Assert.Null(result.System);
        }
        finally { folder.Delete(recursive: true); }
    }

    [Fact]
    public void BuildRefusesAnImageThatMakesTheHypervisorOutgrowItsRange()
    {
        var folder = Directory.CreateTempSubdirectory("bulkhead-footprint-");
        try
        {
            string system = SystemWithLargeImage(folder.FullName);
            var refused = Assert.Throws<BuildException>(() => SystemBuilder.Build(TestImages.Repo, system, TextWriter.Null));
            Assert.Matches(@"large\.yaml:8:\d+: error BH085: domains\[0\]\.image: ", refused.Message);
        }
        finally { folder.Delete(recursive: true); }
    }

    [Fact]
    public void BuildMeasuresTheHypervisorAndANormalSystemFits()
    {
        var repo = TestImages.Repo;
        var built = SystemBuilder.Build(repo, Path.Combine(repo.Root, "tests", "systems", "partition.yaml"), TextWriter.Null);
        var elf = ElfFile.Read(built.Hypervisor.Elf);
        Assert.Equal(elf.Symbols["__image_start"], built.HypervisorMemory.Base);
        Assert.Equal(elf.Symbols["__heap_end"], built.HypervisorMemory.End);       // the heap is the last thing link.ld places
        Assert.True(built.Board.HypervisorReserved.Contains(built.HypervisorMemory), built.HypervisorMemory.ToString());
        // The embedded images are part of it: three guest images of some KiB each.
        Assert.True(built.HypervisorMemory.Size > 3 * 16 * 1024 + HypervisorFootprint.Arm64Fixed);
    }

    [Fact]
    public void BuildsExactCheckRefusesAMeasuredHypervisorPastItsRange()
    {
        var check = Checker.CheckFile(Path.Combine(TestImages.Repo.Root, "tests", "systems", "partition.yaml"));
        Assert.NotNull(check.System);
        var reserved = check.System!.Board.HypervisorReserved;
        var measured = new AddressRange(check.System.Board.HypervisorLoadAddress, reserved.End + 0x1000 - check.System.Board.HypervisorLoadAddress);
        Assert.Null(HypervisorFootprint.Verify(check.System, new AddressRange(check.System.Board.HypervisorLoadAddress, 0x100000), "hv.elf"));
        var refused = HypervisorFootprint.Verify(check.System, measured, "hv.elf");
        Assert.NotNull(refused);
        Assert.Matches(@"partition\.yaml:\d+:\d+: error BH085: board: the built hypervisor occupies 0x40080000-0x40401000 \(\d+ bytes measured from hv\.elf: ", refused!.ToString());
        Assert.Contains("Give hypervisor.reserved in ", refused.ToString());
    }
}
