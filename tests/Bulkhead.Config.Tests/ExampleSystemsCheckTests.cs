using Bulkhead.Config.Checking;

namespace Bulkhead.Config.Tests;

/// <summary>
/// Every example system a user is pointed at passes `bulkhead check` as shipped, on whichever board it
/// names; building them is left to tests/Bulkhead.Tests (ExampleBuildTests), which is slower.
/// </summary>
public class ExampleSystemsCheckTests
{
    public static TheoryData<string> Examples()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.GetFiles(Path.Combine(TestPaths.Repo, "examples", "systems"), "*.yaml").Order(StringComparer.Ordinal))
            data.Add(Path.GetFileName(f));
        return data;
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Example_system_passes_check(string name)
    {
        var result = Checker.CheckFile(TestPaths.Example(name));
        Assert.Empty(result.Diagnostics.Sorted().Where(d => d.Severity == Diagnostics.Severity.Error).Select(d => d.ToString()));
        Assert.Equal(0, result.ExitCode);
        Assert.NotNull(result.System);
    }

    [Fact]
    public void Every_real_arm_board_has_an_example()
    {
        // Boards without an example of their own: QEMU variants (the qemu-virt examples and tests cover them),
        // the RPi 3B+ (same SoC wiring as rpi3b.yaml) and zcu102 (its examples belong with the QEMU zcu102 model).
        var covered = Directory.GetFiles(Path.Combine(TestPaths.Repo, "examples", "systems"), "*.yaml")
            .Select(f => File.ReadAllLines(f).FirstOrDefault(l => l.StartsWith("board: ", StringComparison.Ordinal))?["board: ".Length..].Trim())
            .ToHashSet();
        foreach (var board in new[] { "rpi3b", "rpi4b", "rpi5", "zcu104", "ti-j721e", "j7200", "imx8qm-mek" })
            Assert.Contains(board, covered);
    }
}
