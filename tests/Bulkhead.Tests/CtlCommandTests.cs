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
    public void TheRelayCarriesOnlyManagementDatagramsBetweenTheHostPortAndTheServer()
    {
        var system = Checker.CheckFile(Managed).System!;
        using var relay = ManagementRelay.For(system, hostPort: 0)!;
        Assert.Equal("10.0.2.20", ManagementRelay.Dotted(relay.ServerIp));
        Assert.Equal("10.0.2.254", ManagementRelay.Dotted(relay.RelayIp));
        Assert.Equal(7700, relay.ServerPort);
        Assert.Null(ManagementRelay.For(Checker.CheckFile(Path.Combine(Repo, "examples", "systems", "network.yaml")).System!, hostPort: 0));

        // Play QEMU's side of the card: bind its port, receive what the relay sends to the guest.
        using var qemu = new System.Net.Sockets.UdpClient(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, relay.Nic.LocalPort));
        qemu.Client.ReceiveTimeout = 5000;
        var wire = new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, relay.Nic.PeerPort);
        using var ctl = new System.Net.Sockets.UdpClient(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
        ctl.Client.ReceiveTimeout = 5000;
        int ctlPort = ((System.Net.IPEndPoint)ctl.Client.LocalEndPoint!).Port;
        ctl.Send("hello"u8.ToArray(), 5, new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, relay.HostPort));
        var from = new System.Net.IPEndPoint(System.Net.IPAddress.Any, 0);
        byte[] frame = qemu.Receive(ref from);
        Assert.Equal("02000000001402000000fefe0800", Convert.ToHexStringLower(frame[..14]));
        Assert.Equal(0, ManagementRelay.Checksum(frame.AsSpan(14, 20), 0));                // IPv4 header checksum verifies
        Assert.Equal("0a0002fe0a000214", Convert.ToHexStringLower(frame[26..34]));          // 10.0.2.254 -> 10.0.2.20
        Assert.Equal(ctlPort, frame[34] << 8 | frame[35]);
        Assert.Equal(7700, frame[36] << 8 | frame[37]);
        uint pseudo = 0x0a00 + 0x02fe + 0x0a00 + 0x0214 + 17u + 13u;
        Assert.Equal(0, ManagementRelay.Checksum(frame.AsSpan(34), pseudo));                 // UDP checksum verifies
        Assert.Equal("hello", System.Text.Encoding.ASCII.GetString(frame[42..]));

        // The server asks who 10.0.2.254 is: the relay answers with its MAC.
        byte[] arp = Convert.FromHexString("ffffffffffff020000000014" + "0806" + "0001080006040001" + "020000000014" + "0a000214" + "000000000000" + "0a0002fe");
        qemu.Send(arp, arp.Length, wire);
        byte[] reply = qemu.Receive(ref from);
        Assert.Equal("020000000014" + "02000000fefe" + "0806" + "0001080006040002" + "02000000fefe" + "0a0002fe" + "020000000014" + "0a000214", Convert.ToHexStringLower(reply));

        // The server's answer (10.0.2.20:7700 -> 10.0.2.254:ctlPort) reaches the client; another port's does not.
        byte[] answer = Convert.FromHexString("02000000fefe020000000014" + "0800" + "45000021000040004011" + "0000" + "0a000214" + "0a0002fe" + "1e14" + ctlPort.ToString("x4") + "000d0000") ;
        answer = [.. answer, .. "hi!!!"u8.ToArray()];
        qemu.Send(answer, answer.Length, wire);
        Assert.Equal("hi!!!", System.Text.Encoding.ASCII.GetString(ctl.Receive(ref from)));
        Assert.Equal(relay.HostPort, from.Port);
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
