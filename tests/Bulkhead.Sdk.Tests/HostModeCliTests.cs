using System.Diagnostics;
using System.Text.RegularExpressions;
using Bulkhead.Build;

namespace Bulkhead.Sdk.Tests;

/// <summary>
/// Host mode tried as a user runs it (docs/host-mode.md): `bulkhead new service`, then `run --host`
/// next to a real QEMU `run` of the same service, `dotnet test` in the generated test project (and
/// again with the logic broken), `dotnet run`, a two-domain system with a link as two processes,
/// and a fault. The service is created once, outside the checkout; QEMU boots once.
/// </summary>
[Collection(AnalyzerBuildCollection.Name)]
public partial class HostModeCliTests(HostModeCliTests.NewService service) : IClassFixture<HostModeCliTests.NewService>
{
    public const string Name = "host-svc";

    /// <summary>`bulkhead new service host-svc` in a temporary folder; removed after the tests.</summary>
    public sealed class NewService : IDisposable
    {
        public string Parent { get; } = Directory.CreateTempSubdirectory("bh-host-").FullName;
        public string Folder => Path.Combine(Parent, Name);
        public CliProcess.Result Created { get; }

        public NewService() => Created = CliProcess.Run(Parent, "new", "service", Name);

        public void Dispose() => Directory.Delete(Parent, recursive: true);
    }

    [Fact]
    public void Run_host_prints_the_same_lines_as_the_QEMU_run_and_exits_0_at_power_off()
    {
        Assert.True(service.Created.ExitCode == 0, service.Created.ToString());
        var host = CliProcess.Run(service.Folder, "run", "--host", "--timeout", "60");
        var qemu = CliProcess.Run(service.Folder, "run", "--timeout", "60");

        Assert.True(host.ExitCode == 0, host.ToString());
        Assert.True(qemu.ExitCode == 0, qemu.ToString());
        // The domain's lines, in order, the same but for the milliseconds each clock read.
        var hostLines = DomainLines(host.Stdout);
        Assert.Equal([$"[{Name}] {Name} up on {Name}, every 100 ms", $"[{Name}] tick 10 at N ms", $"[{Name}] tick 20 at N ms", $"[{Name}] {Name} done"], hostLines);
        Assert.Equal(DomainLines(qemu.Stdout), hostLines);
        // No hypervisor: no hv lines; progress on stderr.
        Assert.DoesNotContain("hv:", host.Stdout);
        Assert.Contains($"build: service {Name} as a host process", host.Stderr);
        Assert.Contains("run: every domain ended (exit code 0)", host.Stderr);
        // The host clock: tick 20 comes about 2 s after the start (not a fake or a hard-coded time).
        ulong tick20 = ulong.Parse(Regex.Match(host.Stdout, $@"\[{Name}\] tick 20 at (\d+) ms").Groups[1].Value);
        Assert.InRange(tick20, 2000UL, 4000UL);
    }

    [Fact]
    public void Dotnet_test_in_the_generated_test_project_passes_and_fails_when_the_logic_is_broken()
    {
        Assert.True(service.Created.ExitCode == 0, service.Created.ToString());
        string tests = Path.Combine(service.Folder, Name + ".Tests");
        string program = Path.Combine(service.Folder, "Program.cs");
        string original = File.ReadAllText(program);

        var passing = DotnetTest(tests);
        Assert.True(passing.ExitCode == 0, passing.Output);
        Assert.Matches(@"Passed!\s+- Failed:\s+0, Passed:\s+3", passing.Output);

        const string Report = "if (s_ticks % ReportEvery == 0)";
        Assert.Contains(Report, original);
        try
        {
            // Reports one tick late: the build is fine, the logic is not.
            File.WriteAllText(program, original.Replace(Report, "if (s_ticks % ReportEvery == 1)"));
            var failing = DotnetTest(tests);
            Assert.True(failing.ExitCode != 0, failing.Output);
            Assert.Contains("Failed ProgramTests.Reports_every_tenth_tick_then_powers_off_after_the_last_round", failing.Output);
            Assert.Contains("Failed ProgramTests.Sends_each_report_on_link_0_when_the_system_has_one", failing.Output);
        }
        finally { File.WriteAllText(program, original); }
    }

    [Fact]
    public void Dotnet_run_in_the_service_folder_runs_it_on_the_host()
    {
        Assert.True(service.Created.ExitCode == 0, service.Created.ToString());
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = service.Folder, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add("run");
        info.Environment["MSBUILDDISABLENODEREUSE"] = "1";   // no build server left behind
        using var run = Process.Start(info)!;
        var stdout = run.StandardOutput.ReadToEndAsync();
        var stderr = run.StandardError.ReadToEndAsync();
        if (!run.WaitForExit(300_000)) { run.Kill(entireProcessTree: true); Assert.Fail("dotnet run did not end within 5 minutes"); }
        string output = stdout.Result + stderr.Result;

        Assert.True(run.ExitCode == 0, output);
        Assert.Contains($"[{Name}] {Name} up on {Name}, every 100 ms", stdout.Result);
        Assert.Contains($"[{Name}] {Name} done", stdout.Result);
        Assert.Contains("run: every domain ended (exit code 0)", stderr.Result);
    }

    [Fact]
    public void A_two_domain_system_with_a_link_runs_as_two_processes_that_exchange_messages()
    {
        // tests/guests/ring-stress, unchanged: 100,000 messages each way over the link's rings, then
        // 1000 doorbell-driven round trips; each side judges itself with PASS/FAIL lines.
        var r = CliProcess.Run(AnalyzerHarness.Repo.Root, "run", "--host", "tests/systems/rings.yaml", "--timeout", "120");

        Assert.True(r.ExitCode == 0, r.ToString());
        foreach (string domain in new[] { "ring-a", "ring-b" })
        {
            Assert.Contains($"[{domain}] PASS ring-stress sent=100000 received=100000\n", r.Stdout);
            Assert.Contains($"[{domain}] PASS ring-pingpong round-trips=1000\n", r.Stdout);
            Assert.Matches($@"\[{domain}\] ring-pingpong: .* doorbells rung [1-9]\d* refused 0", r.Stdout);
        }
        Assert.DoesNotContain("FAIL", r.Stdout);
        Assert.Contains("run: 2 domain(s) as host processes", r.Stderr);
    }

    [Fact]
    public void A_fault_or_a_missed_watchdog_ends_the_domains_process_with_exit_code_1_and_a_line_and_no_target_is_bad_usage()
    {
        string folder = Path.Combine(service.Parent, "mmio-probe");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "Program.cs"), """
            using Bulkhead.Guest;

            public static class Program
            {
                public static void Main()
                {
                    Console.WriteLine("reading a device");
                    Device.Read32(0x9000000);
                    Console.WriteLine("still here");
                }
            }
            """);

        var r = CliProcess.Run(folder, "run", "--host", "--timeout", "60");

        Assert.True(r.ExitCode == 1, r.ToString());
        Assert.Contains("[mmio-probe] reading a device\n", r.Stdout);
        Assert.Contains("host: domain mmio-probe faulted: PlatformNotSupportedException: device register 0x9000000: host mode has no devices", r.Stdout);
        Assert.DoesNotContain("still here", r.Stdout);
        Assert.Contains("run: domain mmio-probe exited with code 1", r.Stderr);

        // The service's own system file with a watchdog shorter than its 100 ms heartbeat.
        string system = Path.Combine(service.Folder, "watchdog-50ms.yaml");
        File.WriteAllText(system, File.ReadAllText(Path.Combine(service.Folder, "system.yaml")).Replace("watchdog_ms: 1000", "watchdog_ms: 50"));
        var starved = CliProcess.Run(service.Folder, "run", "--host", "watchdog-50ms.yaml", "--timeout", "60");
        Assert.True(starved.ExitCode == 1, starved.ToString());
        Assert.Contains($"host: domain {Name} missed its watchdog: no heartbeat for 50 ms", starved.Stdout);
        Assert.DoesNotContain("tick 20", starved.Stdout);

        var none = CliProcess.Run(AnalyzerHarness.Repo.Root, "run", "--host");
        Assert.True(none.ExitCode == 2, none.ToString());
        Assert.Contains("run --host: give a service folder or a system file", none.Stderr);
    }

    private static List<string> DomainLines(string stdout) =>
        stdout.Split('\n').Where(l => l.StartsWith($"[{Name}] ", StringComparison.Ordinal))
            .Select(l => AtMilliseconds().Replace(l, "at N ms")).ToList();

    private static ProcessRunner.Result DotnetTest(string folder) =>
        ProcessRunner.Run("dotnet", ["test", "-nodeReuse:false"], folder);

    [GeneratedRegex(@"at \d+ ms")]
    private static partial Regex AtMilliseconds();
}
