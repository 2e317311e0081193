using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Bulkhead.Cli.Commands;
using Bulkhead.Cli.Ctl;
using Bulkhead.Config.Checking;
using Bulkhead.Emulation;
using Bulkhead.Systems;
using Xunit;

namespace Bulkhead.Tests;

/// <summary>
/// `bulkhead ctl` against examples/systems/managed.yaml running in QEMU, booted once: the
/// management port relayed to the manager over the card's loopback wire (as `bulkhead run` does,
/// on a free port of 127.0.0.1), requests signed with the example's key. The scenario
/// runs in order in <see cref="ManagedRun"/>; each test asserts one thing about what it saw.
/// </summary>
[Collection("emulator")]
public class ManagementCtlTests
{
    private static ManagedRun Run => ManagedRun.Instance.Value;

    [Fact]
    public void ListMatchesThePlan()
    {
        var list = Run.List!;
        Assert.Equal("managed", list.String("system"));
        Assert.Equal("mgr", list.String("manager"));
        var plan = Run.Plan.Domains.Where(d => d.Name is "infotainment" or "flaky").ToList();
        var listed = CtlViews.Domains(list).ToList();
        Assert.Equal(plan.Select(d => d.Name), listed.Select(d => CtlViews.Str(d, "name")));
        foreach (var (d, l) in plan.Zip(listed))
        {
            Assert.Equal((ulong)d.Index, CtlViews.Num(l, "id"));
            Assert.Equal("QM", CtlViews.Str(l, "criticality"));
        }
        Assert.Equal("running", CtlViews.Str(listed[0], "state"));
        Assert.True(CtlViews.Num(listed[0], "uptime_ms") > 0, list.PayloadJson());
    }

    [Fact]
    public void StatusMatchesThePlan()
    {
        var d = Run.InfotainmentStatus!.Body.GetProperty("domain");
        Assert.Equal("infotainment", CtlViews.Str(d, "name"));
        Assert.Equal(2UL, CtlViews.Num(d, "id"));
        Assert.Equal("running", CtlViews.Str(d, "state"));
        Assert.Equal("QM", CtlViews.Str(d, "criticality"));
        Assert.Equal("2", CtlViews.Cores(d));
        Assert.Equal(1UL, CtlViews.Num(d, "vcpus"));
        Assert.Equal(1UL, CtlViews.Num(d, "vcpus_running"));
        Assert.Equal(2000UL, CtlViews.Num(d, "watchdog_ms"));
        Assert.InRange(CtlViews.Num(d, "heartbeat_age_ms"), 0UL, 2000UL);
        Assert.Equal(0UL, CtlViews.Num(d, "faults"));
        Assert.Equal("", CtlViews.Str(d, "last_fault"));
        Assert.True(CtlViews.Num(d, "exits") > 0 && CtlViews.Num(d, "console_bytes") > 0, Run.InfotainmentStatus.PayloadJson());
        Assert.NotEqual("", CtlViews.Str(d, "policy"));
    }

    [Fact]
    public void AFaultedDomainShowsItsFaultLineInStatus()
    {
        var d = Run.FlakyStatus!.Body.GetProperty("domain");
        Assert.NotEqual("running", CtlViews.Str(d, "state"));
        Assert.Equal(1UL, CtlViews.Num(d, "faults"));
        Assert.StartsWith("stage-2 fault on write at 0x0000000000000000", CtlViews.Str(d, "last_fault"));
        Assert.Contains("last fault       stage-2 fault on write at 0x0000000000000000", Run.FlakyStatusText);
    }

    [Fact]
    public void ConsoleReturnsTheDomainsLines()
    {
        Assert.Contains("infotainment up\n", Run.ConsoleBefore);
        Assert.Contains("infotainment tick 1\n", Run.ConsoleBefore);
    }

    [Fact]
    public void RestartOfAQmDomainWorksAndItsOutputResumes()
    {
        Assert.Equal((0, "restart infotainment: done\n"), (Run.RestartCli.Code, Run.RestartCli.Out));
        Assert.Contains(Run.Lines, l => l == "hv: domain infotainment restarting (1): restarted by manager mgr");
        Assert.Contains(Run.Lines, l => l.StartsWith("[mgr] mgmt: restart infotainment for ", StringComparison.Ordinal));
        // console --follow from before the restart: the new run's first lines come through.
        Assert.Contains("infotainment up\ninfotainment tick 1\n", Run.ConsoleAfterRestart);
        var d = Run.StatusAfterRestart!.Body.GetProperty("domain");
        Assert.Equal(1UL, CtlViews.Num(d, "restarts"));
        Assert.Equal("running", CtlViews.Str(d, "state"));
    }

    [Fact]
    public void StoppingTheAsilDomainFromTheQmManagerIsRefusedWithTheRule()
    {
        var (code, _, err) = Run.StopAsilCli;
        Assert.Equal(Bulkhead.Cli.ExitCodes.Failed, code);
        Assert.Contains("stop netdrv refused by 127.0.0.1:", err);
        Assert.Matches("(denied|unknown-domain): ", err);
        Assert.Contains("BH106", err);
        Assert.Contains(Run.Lines, l => l.StartsWith("[mgr] mgmt: refused stop from ", StringComparison.Ordinal));
        Assert.DoesNotContain(Run.Lines, l => l.StartsWith("hv: domain netdrv stopped", StringComparison.Ordinal));
    }

    [Fact]
    public void AWrongKeyIsRefusedAndLogged()
    {
        Assert.Equal("bad-mac", Run.WrongKey?.Code);
        Assert.Contains(Run.Lines, l => l.StartsWith("[mgr] mgmt: refused ", StringComparison.Ordinal) && l.Contains(": bad-mac"));
    }

    [Fact]
    public void AReplayedCounterIsRefusedAndLogged()
    {
        Assert.Equal("replay", Run.Replay?.Code);
        Assert.Contains(Run.Lines, l => l.StartsWith("[mgr] mgmt: refused list from ", StringComparison.Ordinal) && l.Contains(": replay"));
    }

    [Fact]
    public void TopShowsEveryManagedDomain()
    {
        var (code, output, _) = Run.TopCli;
        Assert.Equal(0, code);
        var lines = output.Trim().Split('\n');
        Assert.Equal(2, lines.Length);
        using var last = JsonDocument.Parse(lines[1]);
        Assert.Equal(["infotainment", "flaky"], last.RootElement.GetProperty("domains").EnumerateArray().Select(d => d.GetProperty("name").GetString()));
    }

    [Fact]
    public void TheSystemRanWithoutPanic()
    {
        Assert.DoesNotContain(Run.Lines, l => l.StartsWith("PANIC", StringComparison.Ordinal));
        Assert.Null(Run.Failure);
    }
}

/// <summary>One boot of examples/systems/managed.yaml and the ctl scenario run against it.</summary>
public sealed class ManagedRun
{
    public static readonly Lazy<ManagedRun> Instance = new(() => new ManagedRun());

    public ResolvedSystem Plan { get; }
    public IReadOnlyList<string> Lines { get; private set; } = [];
    public string? Failure { get; private set; }
    public MgmtResponse? List, InfotainmentStatus, FlakyStatus, StatusAfterRestart;
    public string FlakyStatusText = "", ConsoleBefore = "", ConsoleAfterRestart = "";
    public (int Code, string Out, string Err) RestartCli, StopAsilCli, TopCli;
    public MgmtRefusedException? WrongKey, Replay;

    private ManagedRun()
    {
        var repo = TestImages.Repo;
        string file = Path.Combine(repo.Root, "examples", "systems", "managed.yaml");
        SystemBuilder.Result built;
        lock (typeof(SystemRuns)) built = SystemBuilder.Build(repo, file, TextWriter.Null);
        Plan = built.System;
        using var relay = ManagementRelay.For(Plan, hostPort: 0)!;   // as `bulkhead run` does, on a free port
        int port = relay.HostPort;
        var machine = Machines.QemuFor(built.Board, built.Hypervisor, cores: null, cpu: "cortex-a72") with { Nics = [relay.Nic] };
        bool done = false;
        var emulator = Task.Run(() => EmulatorRun.Run(QemuArm64Machine.Executable, machine.Arguments(), TimeSpan.FromSeconds(480), stopWhen: _ => Volatile.Read(ref done)));
        try
        {
            Scenario(port, Plan.Management!.Key, emulator);
        }
        catch (Exception e)
        {
            Failure = e.ToString();
        }
        finally
        {
            Volatile.Write(ref done, true);   // infotainment ticks every 500 ms: the next line stops the emulator
            var result = emulator.Result;
            Lines = result.Lines;
            if (Failure != null) Failure += "\n" + result.Console;
            // The whole console, to read when a test fails.
            File.WriteAllText(Path.Combine(repo.OutputRoot, "managed-ctl.log"), (Failure ?? "") + "\n" + result.Console);
        }
    }

    private void Scenario(int port, byte[] key, Task emulator)
    {
        var server = new IPEndPoint(IPAddress.Loopback, port);
        using var client = new MgmtClient(server, key) { AttemptTimeout = TimeSpan.FromSeconds(2), Attempts = 2 };
        // Up when the manager answers (the emulator boots, the driver finds its card, the stack ARPs).
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try { List = client.List(); break; }
            catch (MgmtUnreachableException) when (clock.Elapsed < TimeSpan.FromSeconds(240) && !emulator.IsCompleted) { }
        }
        // flaky faults a second after it starts.
        while (true)
        {
            FlakyStatus = client.Status("flaky");
            if (CtlViews.Num(FlakyStatus.Body.GetProperty("domain"), "faults") > 0 || clock.Elapsed > TimeSpan.FromSeconds(270)) break;
            Thread.Sleep(300);
        }
        FlakyStatusText = CtlViews.Status(FlakyStatus);
        while (true)
        {
            InfotainmentStatus = client.Status("infotainment");
            var s = new StringWriter();
            new CtlRunner(client, new CtlOptions(), s, TextWriter.Null).Console("infotainment");
            ConsoleBefore = s.ToString();
            if (ConsoleBefore.Contains("infotainment tick 1\n") || clock.Elapsed > TimeSpan.FromSeconds(270)) break;
            Thread.Sleep(300);
        }

        // console --follow across a restart made by the real command.
        var follow = new StringWriter();
        var following = Task.Run(() => new CtlRunner(client, new CtlOptions { Follow = true, For = TimeSpan.FromSeconds(6), Interval = TimeSpan.FromMilliseconds(200) }, follow, TextWriter.Null).Console("infotainment"));
        Thread.Sleep(500);
        string target = server.ToString(), system = Path.Combine(TestImages.Repo.Root, "examples", "systems", "managed.yaml");
        RestartCli = Ctl("--system", system, "--to", target, "restart", "infotainment");
        following.Wait();
        string all = follow.ToString();
        ConsoleAfterRestart = all.Length > ConsoleBefore.Length ? all[ConsoleBefore.Length..] : all;
        StatusAfterRestart = client.Status("infotainment");

        StopAsilCli = Ctl("--system", system, "--to", target, "stop", "netdrv");
        string wrongKeyFile = Path.Combine(Directory.CreateTempSubdirectory("ctl-e2e").FullName, "wrong.key");
        File.WriteAllText(wrongKeyFile, new string('a', 64));
        using (var wrong = new MgmtClient(server, MgmtKeyFile.Read(wrongKeyFile)) { AttemptTimeout = TimeSpan.FromSeconds(2), Attempts = 2 })
            WrongKey = Catch(() => wrong.List());
        using (var replaying = new MgmtClient(server, key, new MgmtSequence(() => 1)) { AttemptTimeout = TimeSpan.FromSeconds(2), Attempts = 1 })
            Replay = Catch(() => replaying.List());
        TopCli = Ctl("--system", system, "--to", target, "--json", "top", "--iterations", "2", "--interval", "0.5");
        Thread.Sleep(300);   // the manager's log lines reach the console
    }

    private static MgmtRefusedException? Catch(Action a)
    {
        try { a(); return null; }
        catch (MgmtRefusedException e) { return e; }
    }

    /// <summary>Runs the built `bulkhead ctl ARGS` and returns its exit code, stdout and stderr.</summary>
    public static (int Code, string Out, string Err) Ctl(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "bulkhead.dll"));
        info.ArgumentList.Add("ctl");
        foreach (var a in args) info.ArgumentList.Add(a);
        info.Environment["NO_COLOR"] = "1";
        using var p = Process.Start(info)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        string stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, stdout.Result, stderr);
    }
}
