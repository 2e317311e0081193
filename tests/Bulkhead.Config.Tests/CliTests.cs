using System.Text.Json;
using Bulkhead.Core.Plan;
using Bulkhead.Tests;

namespace Bulkhead.Config.Tests;

/// <summary>
/// The `check` and `board` commands as a user runs them (./bulkhead in a separate process): output
/// streams, files written, exit codes.
/// </summary>
public class CliTests
{
    static (int Exit, string Out, string Err) Bulkhead(params string[] args) => BulkheadCli.Run(TestPaths.Repo, args);

    static (int Exit, string Out, string Err) Check(string system, bool json = false, FileInfo? html = null, FileInfo? plan = null)
    {
        var args = new List<string> { "check", system };
        if (json) args.Add("--json");
        if (html != null) args.AddRange(["--html", html.FullName]);
        if (plan != null) args.AddRange(["--plan", plan.FullName]);
        return Bulkhead([.. args]);
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
    public void Reports_show_who_manages_whom()
    {
        var dir = Directory.CreateTempSubdirectory("bh-cli");
        try
        {
            var html = new FileInfo(Path.Combine(dir.FullName, "out.html"));
            var (exit, stdout, _) = Check(TestPaths.Fixture("valid", "manages-waived.yaml"), html: html);
            Assert.Equal(0, exit);
            Assert.Contains("[management] 'mgr' (QM) may stop, start and restart and read the console of 'worker' (QM), 'logger' (ASIL-A)", stdout);
            Assert.Contains("<li>mgr (QM) manages worker (QM), logger (ASIL-A)</li>", File.ReadAllText(html.FullName));
            var (_, json, _) = Check(TestPaths.Fixture("valid", "manages-waived.yaml"), json: true);
            using var doc = JsonDocument.Parse(json);
            var manages = doc.RootElement.GetProperty("system").GetProperty("domains")[0].GetProperty("manages");
            Assert.Equal(["worker", "logger"], manages.EnumerateArray().Select(e => e.GetString()!).ToArray());
        }
        finally { dir.Delete(true); }
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
        var (exit, _, stderr) = Bulkhead("board", "import", TestPaths.Example("qemu-virt-gicv3.yaml"));
        Assert.Equal(2, exit);
        Assert.Contains(": error BH006: offset 0x0: not a device tree blob (magic 0xd00dfeed missing). Pass a valid flattened device tree", stderr);
    }

    [Fact]
    public void Import_writes_a_board_that_passes_board_check()
    {
        var dir = Directory.CreateTempSubdirectory("bh-import");
        try
        {
            string output = Path.Combine(dir.FullName, "virt.yaml");
            var (exit, _, stderr) = Bulkhead("board", "import", TestPaths.Fixture("dtb", "qemu-virt-gicv2.dtb"), "-o", output, "--id", "virt");
            Assert.Equal(0, exit);
            Assert.Contains("wrote", stderr);
            var (checkExit, stdout, _) = Bulkhead("board", "check", output);
            Assert.Equal(0, checkExit);
            Assert.Contains("board 'virt' is valid", stdout);
        }
        finally { dir.Delete(true); }
    }

    [Fact]
    public void Commands_have_the_documented_shape()
    {
        var (_, check, _) = Bulkhead("check", "--help");
        Assert.Contains("--json", check);
        Assert.Contains("--html", check);
        Assert.Contains("--plan", check);
        var (_, board, _) = Bulkhead("board", "--help");
        foreach (var sub in new[] { "import", "list", "check" }) Assert.Matches($@"(?m)^\s+{sub}\b", board);
        var (listExit, list, _) = Bulkhead("board", "list");
        Assert.Equal(0, listExit);
        Assert.Contains("qemu-virt-gicv3", list);
    }
}
