using System.Text.Json;
using Xunit;

namespace Bulkhead.Tests;

/// <summary>The `bulkhead` command itself, started as a user starts it (a separate process).</summary>
[Collection("emulator")]
public class CliTests
{
    private static (int ExitCode, string Stdout, string Stderr) Bulkhead(params string[] args) => BulkheadCli.Run(TestImages.Repo.Root, args);

    [Fact]
    public void RunJsonPrintsOneObjectPerConsoleLineAndExitsZeroOnPowerOff()
    {
        var (exit, stdout, stderr) = Bulkhead("run", SystemRuns.Variant("partition", 3), "--json", "--timeout", "120", "--icount", VirtualTime.IcountShift.ToString());

        Assert.True(exit == 0, stderr);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement)
            .Select(e => (Domain: e.GetProperty("domain").GetString(), Text: e.GetProperty("text").GetString()))
            .ToList();
        Assert.Contains(("alpha", "hello from alpha: domain 0, vCPU 0 of 1"), lines);
        Assert.Contains(("smp-beta", "SGI 5 received on vCPU 1"), lines);
        Assert.Contains(lines, l => l.Domain == "hv" && l.Text!.StartsWith("hv: domain intruder-gamma stopped: stage-2 fault on read"));
        Assert.Contains(("hv", "hv: no domain left running, powering off"), lines);
    }

    [Fact]
    public void RunOnABoardWithoutFirmwarePowerOffEndsWhenTheHypervisorHalts()
    {
        // Raspberry Pi 3: no PSCI, so the hypervisor halts once every domain has finished; the run ends
        // there with exit 0 instead of waiting for a power-off that cannot come (exit 124).
        var (exit, stdout, stderr) = Bulkhead("run", Path.Combine(TestImages.Repo.Root, "examples", "systems", "rpi3b.yaml"), "--timeout", "120", "--icount", VirtualTime.IcountShift.ToString());

        Assert.True(exit == 0, $"exit {exit}\n{stderr}\n{stdout}");
        Assert.Contains("[core3] PASS compute", stdout);
        Assert.Contains("hv: no firmware power-off on this board; halting", stdout);
        Assert.Contains("run: system halted", stderr);
    }

    [Fact]
    public void CheckOfABrokenSystemExitsOneWithALocatedMessage()
    {
        string file = Path.Combine(TestImages.Repo.OutputRoot, "test-systems", "broken.yaml");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, File.ReadAllText(Path.Combine(TestImages.Repo.Root, "tests", "systems", "partition.yaml"))
            .Replace("cores: [3]", "cores: [2]"));   // core 2 is smp-beta's already

        var (exit, _, stderr) = Bulkhead("check", file);

        Assert.Equal(1, exit);
        Assert.Matches(@"broken\.yaml:\d+:\d+: error BH\d+: domains\[2\]\.cores", stderr);
    }

    [Fact]
    public void UnknownBoardIsAClearErrorNotACrash()
    {
        var (exit, _, stderr) = Bulkhead("build", "--board", "no-such-board");
        Assert.Equal(2, exit);
        Assert.Contains("board 'no-such-board' not found", stderr);
        Assert.Contains("qemu-virt-gicv3", stderr); // the known boards are listed
        Assert.DoesNotContain("   at ", stderr);    // no stack trace
    }
}
