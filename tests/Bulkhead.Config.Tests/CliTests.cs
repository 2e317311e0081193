using System.Text.Json;
using Bulkhead.Config.Cli;
using Bulkhead.Core.Plan;

namespace Bulkhead.Config.Tests;

/// <summary>The commands as the bulkhead tool runs them: output streams, files written, exit codes.</summary>
public class CliTests
{
    static (int Exit, string Out, string Err) Check(string system, bool json = false, FileInfo? html = null, FileInfo? plan = null)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        int exit = ConfigCommands.RunCheck(new FileInfo(system), json, html, plan, quiet: false, o, e);
        return (exit, o.ToString(), e.ToString());
    }

    [Fact]
    public void Check_prints_the_partition_table_and_writes_html_and_plan()
    {
        var dir = Directory.CreateTempSubdirectory("bh-cli");
        try
        {
            var html = new FileInfo(Path.Combine(dir.FullName, "out.html"));
            var plan = new FileInfo(Path.Combine(dir.FullName, "out.plan"));
            var (exit, stdout, stderr) = Check(TestPaths.Example("qemu-virt-gicv3.yaml"), html: html, plan: plan);
            Assert.Equal(0, exit);
            Assert.Equal("", stderr);
            foreach (var section in new[] { "Domains", "Cores", "Memory map", "Devices", "Interrupts (SPIs)", "Channels", "Interference report" })
                Assert.Contains(section + "\n", stdout);
            Assert.Contains("control    ASIL-D       1,2", stdout);
            Assert.Contains("  control    .       X       X       .", stdout);
            var page = File.ReadAllText(html.FullName);
            Assert.Contains("<svg", page);
            Assert.Contains("telemetry", page);
            unsafe
            {
                var blob = File.ReadAllBytes(plan.FullName);
                fixed (byte* p = blob) Assert.Equal(PlanError.None, PlanReader.Open(p, (uint)blob.Length, out _));
            }
        }
        finally { dir.Delete(true); }
    }

    [Fact]
    public void Json_output_carries_the_partition()
    {
        var (exit, stdout, _) = Check(TestPaths.Example("qemu-virt-gicv3.yaml"), json: true);
        Assert.Equal(0, exit);
        using var doc = JsonDocument.Parse(stdout);
        Assert.True(doc.RootElement.GetProperty("valid").GetBoolean());
        var domains = doc.RootElement.GetProperty("system").GetProperty("domains");
        Assert.Equal(3, domains.GetArrayLength());
        Assert.Equal("0x48000000", domains[1].GetProperty("memory")[0].GetProperty("base").GetString());
    }

    [Fact]
    public void Json_output_lists_located_errors()
    {
        var (exit, stdout, _) = Check(TestPaths.Fixture("invalid", "cores.yaml"), json: true);
        Assert.Equal(1, exit);
        using var doc = JsonDocument.Parse(stdout);
        var first = doc.RootElement.GetProperty("diagnostics")[0];
        Assert.Equal("BH031", first.GetProperty("code").GetString());
        Assert.Equal(9, first.GetProperty("line").GetInt32());
        Assert.Equal("domains[1].cores[0]", first.GetProperty("path").GetString());
    }

    [Fact]
    public void Invalid_system_prints_every_error_and_a_summary()
    {
        var (exit, stdout, stderr) = Check(TestPaths.Fixture("invalid", "five-mistakes.yaml"));
        Assert.Equal(1, exit);
        Assert.Equal("", stdout);
        var lines = stderr.TrimEnd().Split('\n');
        Assert.Equal(6, lines.Length);
        Assert.EndsWith("5 error(s), 0 warning(s); the system is invalid", lines[^1]);
    }

    [Fact]
    public void Missing_system_file_is_unusable_input()
    {
        var (exit, _, stderr) = Check("/nonexistent/system.yaml");
        Assert.Equal(2, exit);
        Assert.StartsWith("/nonexistent/system.yaml:1:1: error BH001: (document): the system file does not exist. Check the path", stderr);
    }

    [Fact]
    public void Importing_a_file_that_is_not_a_dtb_is_unusable_input()
    {
        var o = new StringWriter();
        var e = new StringWriter();
        int exit = ConfigCommands.RunImport(new FileInfo(TestPaths.Example("qemu-virt-gicv3.yaml")), null, null, o, e);
        Assert.Equal(2, exit);
        Assert.Contains(": error BH006: offset 0x0: not a device tree blob (magic 0xd00dfeed missing). Pass a valid flattened device tree", e.ToString());
    }

    [Fact]
    public void Import_writes_a_board_that_passes_board_check()
    {
        var dir = Directory.CreateTempSubdirectory("bh-import");
        try
        {
            var output = new FileInfo(Path.Combine(dir.FullName, "virt.yaml"));
            var e = new StringWriter();
            Assert.Equal(0, ConfigCommands.RunImport(new FileInfo(TestPaths.Fixture("dtb", "qemu-virt-gicv2.dtb")), output, "virt", new StringWriter(), e));
            Assert.Contains("wrote", e.ToString());
            Assert.Equal(0, ConfigCommands.RunBoardCheck(output, new StringWriter(), new StringWriter()));
        }
        finally { dir.Delete(true); }
    }

    [Fact]
    public void Commands_have_the_documented_shape()
    {
        var check = ConfigCommands.CreateCheckCommand();
        Assert.Equal("check", check.Name);
        Assert.Contains(check.Options, o => o.Name == "--json");
        Assert.Contains(check.Options, o => o.Name == "--html");
        var board = ConfigCommands.CreateBoardCommand();
        Assert.Equal(new[] { "import", "list", "check" }, board.Subcommands.Select(c => c.Name));
        var parsed = board.Parse(new[] { "import", "x.dtb", "-o", "out.yaml" });
        Assert.Empty(parsed.Errors);
    }
}
