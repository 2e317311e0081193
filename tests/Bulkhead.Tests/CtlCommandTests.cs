using System.Diagnostics;
using Bulkhead.Cli;
using Bulkhead.Cli.Commands;
using Bulkhead.Cli.Ctl;
using Bulkhead.Config.Checking;
using Xunit;

namespace Bulkhead.Tests;

/// <summary>
/// `bulkhead ctl` as a user runs it: the target from --system (the key and port of
/// examples/systems/managed.yaml) or --to/--key, the exit codes and messages of the real command
/// against <see cref="FakeMgmtServer"/>, and the port `bulkhead run` forwards to the manager.
/// </summary>
public class CtlCommandTests
{
    private static string Repo => TestImages.Repo.Root;
    private static string Managed => Path.Combine(Repo, "examples", "systems", "managed.yaml");

    [Fact]
    public void TheSystemFileGivesKeyAndLoopbackPort()
    {
        var target = CtlCommand.Resolve(new FileInfo(Managed), null, null);
        Assert.Equal("127.0.0.1:7700", target.Endpoint.ToString());
        Assert.Equal(MgmtKeyFile.Read(Path.Combine(Repo, "examples", "systems", "keys", "managed.key")), target.Key);
        Assert.Contains("udp_port 7700", target.Hint);
        var to = CtlCommand.Resolve(new FileInfo(Managed), "127.0.0.1:9", null);
        Assert.Equal("127.0.0.1:9", to.Endpoint.ToString());
        Assert.Equal(target.Key, to.Key);
    }

    [Fact]
    public void ASystemWithoutManagementOrNoTargetIsBadUsage()
    {
        var e = Assert.Throws<UsageException>(() => CtlCommand.Resolve(new FileInfo(Path.Combine(Repo, "examples", "systems", "network.yaml")), null, null));
        Assert.Contains("has no `management:` block", e.Message);
        Assert.Contains("give --system", Assert.Throws<UsageException>(() => CtlCommand.Resolve(null, "127.0.0.1:7700", null)).Message);
        Assert.Contains("give host:port", Assert.Throws<UsageException>(() => MgmtTarget.FromAddress("7700", Path.Combine(Repo, "examples", "systems", "keys", "managed.key"))).Message);
    }

    [Fact]
    public void RunForwardsTheManagementPortOnARestrictedUserNetwork()
    {
        var system = Checker.CheckFile(Managed).System!;
        var nic = RunCommand.ManagementNic(system)!;
        var args = string.Join(' ', new Bulkhead.Emulation.QemuArm64Machine { Kernel = "hv.elf", ForwardedNics = [nic] }.Arguments());
        Assert.Contains("-netdev user,id=fwd0,restrict=on,net=10.0.2.0/24,hostfwd=udp:127.0.0.1:7700-10.0.2.20:7700 -device virtio-net-device,netdev=fwd0,mac=02:00:00:00:00:01", args);
        Assert.DoesNotContain("socket,", args);
        Assert.Equal(7701, RunCommand.ManagementNic(system, hostPort: 7701)!.Forwards[0].HostPort);
        Assert.Null(RunCommand.ManagementNic(Checker.CheckFile(Path.Combine(Repo, "examples", "systems", "network.yaml")).System!));
    }

    private static (int Code, string Out, string Err) Ctl(params string[] args) => ManagedRun.Ctl(args);

    private static string KeyFile(byte[] key)
    {
        string file = Path.Combine(Directory.CreateTempSubdirectory("ctl-cmd").FullName, "k.key");
        File.WriteAllText(file, "# test\n" + Convert.ToHexStringLower(key) + "\n");
        return file;
    }

    [Fact]
    public void TheCommandExitsWithTheDocumentedCodes()
    {
        using var server = new FakeMgmtServer(FakeMgmtServer.TestKey);
        server.Domains["safety"] = ("running", "ASIL-B", 0);
        string to = server.Endpoint.ToString(), key = KeyFile(FakeMgmtServer.TestKey);
        string[] fast = ["--to", to, "--key", key, "--timeout", "0.5", "--retries", "1"];

        var list = Ctl([.. fast, "list"]);
        Assert.Equal((0, ""), (list.Code, list.Err));
        Assert.Contains("system fake, manager mgr", list.Out);

        var json = Ctl([.. fast, "--json", "status", "worker"]);
        Assert.Equal(0, json.Code);
        Assert.StartsWith("{\"domain\":{\"name\":\"worker\"", json.Out);

        var restart = Ctl([.. fast, "restart", "worker"]);
        Assert.Equal((0, "restart worker: done\n"), (restart.Code, restart.Out));

        var denied = Ctl([.. fast, "stop", "safety"]);
        Assert.Equal(ExitCodes.Failed, denied.Code);
        Assert.Contains("stop safety refused by", denied.Err);
        Assert.Contains("denied: mgr does not manage safety (ASIL-B): a QM manager may not manage a higher-criticality domain (BH106)", denied.Err);

        var wrongKey = Ctl("--to", to, "--key", KeyFile(new byte[16]), "list");
        Assert.Equal(ExitCodes.Failed, wrongKey.Code);
        Assert.Contains("bad-mac", wrongKey.Err);

        server.Silent = true;
        var silent = Ctl([.. fast, "list"]);
        Assert.Equal(ExitCodes.Timeout, silent.Code);
        Assert.Contains("Check that the system is running", silent.Err);

        var usage = Ctl("list");
        Assert.Equal(ExitCodes.Usage, usage.Code);
        Assert.Contains("give --system", usage.Err);
    }
}
