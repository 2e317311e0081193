using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Bulkhead.Emulation;
using Bulkhead.Systems;
using Xunit;
using Xunit.Abstractions;
using static Bulkhead.Tests.NetFrames;

namespace Bulkhead.Tests;

/// <summary>
/// The SDK's management server end to end on loopback (tests/systems/mgmt-net.yaml, QEMU -icount):
/// 'mgr' runs unikernel-sdk/services/mgmt-server behind the network driver domain and manages the
/// QM 'worker' but not the ASIL-B 'safety'. This test is the host 10.0.2.2 on the emulated LAN
/// and sends protocol-v1 datagrams (HMAC-SHA256 with .NET's HMACSHA256 and the test key) as raw
/// frames to 10.0.2.20:7700; it checks every answer's MAC and body, and the server's console lines.
/// (`bulkhead ctl` through the relay of `bulkhead run` is tested by ManagementCtlTests.)
/// </summary>
[Collection("emulator")]
public class ManagementServerTests(ITestOutputHelper output)
{
    private const ulong HostMac = 0x02_00_00_00_00_02, ServerMac = 0x02_00_00_00_00_14;
    private static readonly uint HostIp = Ip("10.0.2.2"), ServerIp = Ip("10.0.2.20");
    private const ushort ServerPort = 7700, HostPort = 40000, FinalPort = 40999;
    private static readonly byte[] Key = Convert.FromHexString("6d676d742d6e65742074657374206b65792c206e6f7420612073656372657421");

    /// <summary>One request and what came back: the answer's MAC text and its body as JSON (null: no answer).</summary>
    private sealed record Exchange(string Name, string Request, string? Mac, string? Body)
    {
        public JsonElement Json => JsonDocument.Parse(Body!).RootElement;
        public bool MacIsKeys => Mac == Convert.ToHexStringLower(HMACSHA256.HashData(Key, Encoding.ASCII.GetBytes(Body!)));
    }

    private sealed record ServerRun(RunResult Run, Dictionary<string, Exchange> Answers, string? Failure);

    private static readonly Lazy<ServerRun> Shared = new(Boot);

    private static byte[] Datagram(byte[] key, string body) =>
        Encoding.ASCII.GetBytes(Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(body))) + " " + body);

    private static ServerRun Boot()
    {
        var built = SystemBuilder.Build(TestImages.Repo, Path.Combine(TestImages.Repo.Root, "tests", "systems", "mgmt-net.yaml"), TextWriter.Null);
        var answers = new Dictionary<string, Exchange>();
        string? failure = null;
        using var stop = new CancellationTokenSource();
        // The host answers ARP for 10.0.2.2 (the server resolves it before its first answer).
        using var peer = new VirtioUdpPeer("02:00:00:00:00:01", (p, frame) =>
        {
            if (IsArp(frame, out ushort op, out ulong senderMac, out uint senderIp, out uint target) && op == 1 && target == HostIp)
                p.Send(Arp(2, HostMac, HostIp, senderMac, senderIp, senderMac));
        });
        var machine = Machines.QemuFor(built.Board, built.Hypervisor, cores: null, cpu: "cortex-a72").Deterministic() with { Nics = [peer.Nic] };
        var script = Task.Run(() =>
        {
            try { Script(peer, answers, stop.Token); }
            catch (Exception e) { failure = e.ToString(); }
            // The last datagram comes from its own port: its refusal line ends the run.
            peer.Send(UdpFrame(ServerMac, HostMac, HostIp, ServerIp, FinalPort, ServerPort, "end"u8));
        });
        var run = EmulatorRun.Run(QemuArm64Machine.Executable, machine.Arguments(), TimeSpan.FromSeconds(120),
            stopWhen: line => line.Contains($"from 10.0.2.2:{FinalPort}"));
        stop.Cancel();
        try { script.Wait(TimeSpan.FromSeconds(5)); } catch (AggregateException e) { failure ??= e.InnerException?.Message; }
        return new ServerRun(run, answers, failure);
    }

    /// <summary>
    /// Sends one request once and records the server's first answer carrying its seq within
    /// <paramref name="wait"/> (default 20 s); nothing recorded without one. (A late answer to an
    /// earlier warm-up request must not be taken for this one's.)
    /// </summary>
    private static void Ask(VirtioUdpPeer peer, Dictionary<string, Exchange> answers, string name, string body, CancellationToken stop, byte[]? key = null, TimeSpan? wait = null)
    {
        int from = peer.Frames.Count;
        ulong seq = JsonDocument.Parse(body).RootElement.GetProperty("seq").GetUInt64();
        var clock = Stopwatch.StartNew();
        peer.Send(UdpFrame(ServerMac, HostMac, HostIp, ServerIp, HostPort, ServerPort, Datagram(key ?? Key, body)));
        while (clock.Elapsed < (wait ?? TimeSpan.FromSeconds(20)) && !stop.IsCancellationRequested)
        {
            var frames = peer.Frames;
            for (int i = from; i < frames.Count; i++)
                if (IsUdp(frames[i], out uint src, out ushort sp, out ushort dp, out var data) && src == ServerIp && sp == ServerPort && dp == HostPort
                    && Encoding.ASCII.GetString(data) is { Length: > 65 } text && text.Contains($"\"seq\":{seq},", StringComparison.Ordinal))
                {
                    lock (answers) answers[name] = new Exchange(name, body, text.Length > 65 ? text[..64] : text, text.Length > 65 ? text[65..] : null);
                    return;
                }
            Thread.Sleep(5);
        }
    }

    private static void Script(VirtioUdpPeer peer, Dictionary<string, Exchange> answers, CancellationToken stop)
    {
        // Until the server answers, each try carries a new seq (as a client retrying must: a resent
        // seq would be a replay). The first answers can be lost while the server resolves the host's
        // MAC: under -icount its ARP timeout may pass before this thread runs.
        for (ulong seq = 1; seq < 60 && !answers.ContainsKey("warm-up") && !stop.IsCancellationRequested; seq++)
            Ask(peer, answers, "warm-up", $"{{\"v\":1,\"seq\":{seq},\"op\":\"list\"}}", stop, wait: TimeSpan.FromMilliseconds(500));
        Ask(peer, answers, "list", "{\"v\":1,\"seq\":100,\"op\":\"list\"}", stop);
        Ask(peer, answers, "status", "{\"v\":1,\"seq\":101,\"op\":\"status\",\"domain\":\"worker\"}", stop);
        Ask(peer, answers, "wrong-key", "{\"v\":1,\"seq\":102,\"op\":\"list\"}", stop, key: new byte[32]);
        Ask(peer, answers, "replay", "{\"v\":1,\"seq\":101,\"op\":\"status\",\"domain\":\"worker\"}", stop);
        Ask(peer, answers, "denied", "{\"v\":1,\"seq\":110,\"op\":\"stop\",\"domain\":\"safety\"}", stop);
        Ask(peer, answers, "unknown-field", "{\"v\":1,\"seq\":111,\"op\":\"list\",\"colour\":\"red\"}", stop);
        Ask(peer, answers, "bad-version", "{\"v\":2,\"seq\":112,\"op\":\"list\"}", stop);
        Ask(peer, answers, "unknown-domain", "{\"v\":1,\"seq\":113,\"op\":\"status\",\"domain\":\"nobody\"}", stop);
        Ask(peer, answers, "restart", "{\"v\":1,\"seq\":114,\"op\":\"restart\",\"domain\":\"worker\"}", stop);
        Ask(peer, answers, "console", "{\"v\":1,\"seq\":115,\"op\":\"console\",\"domain\":\"worker\",\"cursor\":0}", stop);
    }

    private static Exchange Answer(ServerRun r, string name)
    {
        Assert.True(r.Answers.TryGetValue(name, out var e) && e.Body is not null, $"no answer to '{name}'; failure: {r.Failure}\n{r.Run.Console}");
        return e!;
    }

    private ServerRun Run()
    {
        var r = Shared.Value;
        foreach (var line in r.Run.Lines.Where(l => l.Contains("mgmt") || l.Contains("[mgr]"))) output.WriteLine(line);
        foreach (var (name, e) in r.Answers) output.WriteLine($"{name}: {e.Mac?[..8]}... {e.Body}");
        output.WriteLine($"wall time {r.Run.Elapsed.TotalSeconds:F1} s");
        Assert.True(r.Failure is null, r.Failure);
        return r;
    }

    [Fact]
    public void ListAndStatusAreAnsweredWithTheKeysMacAndShowOnlyTheManagedDomain()
    {
        var r = Run();
        var list = Answer(r, "list");
        Assert.True(list.MacIsKeys, $"list answer's MAC is not the key's: {list.Mac}");
        var j = list.Json;
        Assert.Equal(1, j.GetProperty("v").GetInt32());
        Assert.Equal(100ul, j.GetProperty("seq").GetUInt64());
        Assert.True(j.GetProperty("ok").GetBoolean());
        Assert.Equal("mgmt-net", j.GetProperty("system").GetString());
        Assert.Equal("mgr", j.GetProperty("manager").GetString());
        var domains = j.GetProperty("domains").EnumerateArray().ToList();
        Assert.Equal(["worker"], domains.Select(d => d.GetProperty("name").GetString()));
        Assert.Equal(2, domains[0].GetProperty("id").GetInt32());
        Assert.Equal("QM", domains[0].GetProperty("criticality").GetString());

        var status = Answer(r, "status");
        Assert.True(status.MacIsKeys);
        var d = status.Json.GetProperty("domain");
        Assert.Equal("worker", d.GetProperty("name").GetString());
        Assert.Equal("stop", d.GetProperty("policy").GetString());
        Assert.Equal([2], d.GetProperty("cores").EnumerateArray().Select(c => c.GetInt32()));
        Assert.Equal(1, d.GetProperty("vcpus").GetInt32());
        Assert.Equal("", d.GetProperty("last_fault").GetString());
        Assert.Contains(d.GetProperty("state").GetString(), new[] { "running", "stopped" });
    }

    [Fact]
    public void AWrongKeyIsRefusedWithAZeroMacAndLogged()
    {
        var r = Run();
        var e = Answer(r, "wrong-key");
        Assert.Equal(new string('0', 64), e.Mac);
        Assert.Equal("bad-mac", e.Json.GetProperty("error").GetString());
        Assert.False(e.Json.GetProperty("ok").GetBoolean());
        Assert.Contains(r.Run.Lines, l => l.Contains("mgmt: refused list from 10.0.2.2:40000: bad-mac (MAC does not verify)"));
    }

    [Fact]
    public void AReplayedSeqIsRefusedNamingTheLastAccepted()
    {
        var r = Run();
        var e = Answer(r, "replay");
        Assert.True(e.MacIsKeys);
        Assert.Equal("replay", e.Json.GetProperty("error").GetString());
        Assert.Equal(101ul, e.Json.GetProperty("seq").GetUInt64());
        Assert.Equal("seq 101 is not above the last accepted seq 101", e.Json.GetProperty("message").GetString());
        Assert.Contains(r.Run.Lines, l => l.Contains("mgmt: refused status from 10.0.2.2:40000: replay (seq 101 <= 101)"));
    }

    [Fact]
    public void StoppingTheAsilDomainIsDeniedNamingTheRule()
    {
        var r = Run();
        var e = Answer(r, "denied");
        Assert.True(e.MacIsKeys);
        Assert.Equal("denied", e.Json.GetProperty("error").GetString());
        Assert.Equal("mgr does not manage safety (ASIL-B): a QM manager may not manage a higher-criticality domain (BH106)", e.Json.GetProperty("message").GetString());
        Assert.Contains(r.Run.Lines, l => l.Contains("mgmt: refused stop from 10.0.2.2:40000: denied (safety (ASIL-B) not managed)"));
        Assert.DoesNotContain(r.Run.Lines, l => l.Contains("mgmt: stop safety"));
        // The hypervisor refused it (and logs who asked), not just the server's own table.
        Assert.Contains(r.Run.Lines, l => l.Contains("hv: mgmt: domain mgr denied stop of domain safety"));
    }

    [Fact]
    public void BadRequestsNameTheFieldAndTheVersion()
    {
        var r = Run();
        var field = Answer(r, "unknown-field");
        Assert.True(field.MacIsKeys);
        Assert.Equal("bad-request", field.Json.GetProperty("error").GetString());
        Assert.Equal("body: unknown field 'colour'", field.Json.GetProperty("message").GetString());
        var version = Answer(r, "bad-version");
        Assert.Equal("bad-version", version.Json.GetProperty("error").GetString());
        Assert.Contains("version 1", version.Json.GetProperty("message").GetString());
        var unknown = Answer(r, "unknown-domain");
        Assert.Equal("unknown-domain", unknown.Json.GetProperty("error").GetString());
    }

    [Fact]
    public void RestartOfTheWorkerIsDoneLoggedAndItsConsoleIsReadable()
    {
        var r = Run();
        var e = Answer(r, "restart");
        Assert.True(e.MacIsKeys);
        Assert.True(e.Json.GetProperty("ok").GetBoolean(), e.Body);
        Assert.Equal("worker", e.Json.GetProperty("domain").GetString());
        Assert.Equal("restart", e.Json.GetProperty("action").GetString());
        Assert.Contains(r.Run.Lines, l => l.Contains("mgmt: restart worker for 10.0.2.2:40000"));

        var console = Answer(r, "console");
        Assert.True(console.MacIsKeys);
        Assert.True(console.Json.GetProperty("ok").GetBoolean(), console.Body);
        string text = console.Json.GetProperty("text").GetString()!;
        Assert.StartsWith("worker up\n", text);
        Assert.EndsWith("\n", text);
        Assert.Equal((ulong)Encoding.ASCII.GetByteCount(text), console.Json.GetProperty("cursor").GetUInt64());
        Assert.Equal(RunOutcome.StoppedOnMatch, r.Run.Outcome);
    }
}
