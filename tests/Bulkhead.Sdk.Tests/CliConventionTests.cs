using System.Text.Json;

namespace Bulkhead.Sdk.Tests;

/// <summary>
/// The conventions every `bulkhead` command keeps (docs/cli.md), from the process as a user runs it:
/// exit codes 0/1/2/124, --version, --help naming the exit codes, JSON-only stdout with --json.
/// No emulator here (CliServiceTests boots one service).
/// </summary>
public class CliConventionTests
{
    private static readonly string Root = AnalyzerHarness.Repo.Root;
    private static CliProcess.Result Bulkhead(params string[] args) => CliProcess.Run(Root, args);

    [Fact]
    public void Version_prints_the_product_version()
    {
        var r = Bulkhead("--version");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal(Build.ProductInfo.Version + "\n", r.Stdout);
    }

    [Theory]
    [InlineData("build", "--no-such-option")]
    [InlineData("run", "examples/systems/qemu-virt-gicv3.yaml", "--timeout", "soon")]
    [InlineData("check")]
    [InlineData("frobnicate")]
    public void Bad_usage_exits_2_with_a_message_and_no_stack_trace(params string[] args)
    {
        var r = Bulkhead(args);
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Equal("", r.Stdout);
        Assert.StartsWith("bulkhead: ", r.Stderr);
        Assert.Contains("--help", r.Stderr);
        Assert.DoesNotContain("   at ", r.Stderr);
    }

    [Theory]
    [InlineData("build", "no-such-system.yaml")]
    [InlineData("run", "no-such-system.yaml")]
    [InlineData("check", "no-such-system.yaml")]
    [InlineData("build", "--board", "no-such-board")]
    public void A_missing_file_or_board_exits_2(params string[] args)
    {
        var r = Bulkhead(args);
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains("no-such-", r.Stderr);
        Assert.DoesNotContain("   at ", r.Stderr);
    }

    [Theory]
    [InlineData("check")]
    [InlineData("build")]
    [InlineData("run")]
    public void An_invalid_system_exits_1_with_a_located_diagnostic(string command)
    {
        string file = Path.Combine(AnalyzerHarness.Repo.OutputRoot, "sdk-tests", $"overlap-{command}.yaml");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, File.ReadAllText(Path.Combine(Root, "tests", "systems", "partition.yaml"))
            .Replace("cores: [3]", "cores: [2]"));   // core 2 is already smp-beta's

        var r = Bulkhead(command, file);

        Assert.True(r.ExitCode == 1, r.ToString());
        Assert.Matches(@"overlap-\w+\.yaml:\d+:\d+: error BH\d+: domains\[2\]\.cores", r.Stderr);
        Assert.DoesNotContain("   at ", r.Stderr);
    }

    [Theory]
    [InlineData("build")]
    [InlineData("run")]
    [InlineData("check")]
    [InlineData("new", "service")]
    [InlineData("board", "import")]
    [InlineData("bench")]
    [InlineData("setup")]
    [InlineData("test")]
    [InlineData("demo")]
    [InlineData("image")]
    public void Every_help_names_the_exit_codes(params string[] command)
    {
        var r = Bulkhead([.. command, "--help"]);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("Exit codes:", r.Stdout);
        foreach (var code in new[] { "  0 ", "  1 ", "  2 ", "  124 " }) Assert.Contains(code, r.Stdout);
        Assert.Contains("--verbose", r.Stdout);
    }

    [Fact]
    public void Build_json_prints_only_json_on_stdout_and_progress_on_stderr()
    {
        var r = Bulkhead("build", "--json");
        Assert.True(r.ExitCode == 0, r.ToString());
        using var doc = JsonDocument.Parse(r.Stdout);
        Assert.Equal("hypervisor", doc.RootElement.GetProperty("kind").GetString());
        Assert.Equal("qemu-virt-gicv3", doc.RootElement.GetProperty("board").GetString());
        Assert.True(File.Exists(doc.RootElement.GetProperty("hypervisor").GetProperty("elf").GetString()));
        Assert.Contains("build: hypervisor for qemu-virt-gicv3", r.Stderr);
        Assert.DoesNotContain("\u001b[", r.Stderr); // no colours when not on a terminal
    }

    [Fact]
    public void Build_without_a_system_or_service_says_what_it_built()
    {
        var r = Bulkhead("build");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.StartsWith("built the bare hypervisor for qemu-virt-gicv3 (no system or service given", r.Stdout);
        Assert.DoesNotContain("build:", r.Stdout);   // progress is on stderr
    }

    [Fact]
    public void Verbose_shows_each_build_step_and_the_default_does_not()
    {
        // Each tool step (or "up to date" when nothing changed) is one indented line.
        const string ToolStep = @"(?m)^  \S+: (up to date|clang |ld\.lld|csc |ilc |managed code from)";
        var verbose = Bulkhead("build", "--verbose");
        var quiet = Bulkhead("build");
        Assert.True(verbose.ExitCode == 0, verbose.ToString());
        Assert.Matches(ToolStep, verbose.Stderr);
        Assert.DoesNotMatch(ToolStep, quiet.Stderr);
        Assert.Contains("build: hypervisor for qemu-virt-gicv3", quiet.Stderr);
    }

    [Fact]
    public void A_folder_that_is_not_a_service_is_a_usage_error()
    {
        var r = Bulkhead("build", "tools/Bulkhead");   // C# with its own (non-service) project
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains("not a service folder", r.Stderr);
    }
}
