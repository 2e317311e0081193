using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Bulkhead.Cli;
using Bulkhead.Cli.Ctl;
using Xunit;

namespace Bulkhead.Tests;

/// <summary>
/// `bulkhead ctl`'s client (tools/Bulkhead/Ctl) against <see cref="FakeMgmtServer"/>, an in-process
/// protocol-1 server: signed requests, answers believed only under our key and counter, a wrong key,
/// replays, refusals with their rule, lost answers, silence, and answers that cannot be trusted.
/// </summary>
public class CtlClientTests
{
    private static byte[] Key => FakeMgmtServer.TestKey;

    private static MgmtClient Client(FakeMgmtServer server, byte[]? key = null, MgmtSequence? seq = null, int attempts = 3, int attemptMs = 2000) =>
        new(server.Endpoint, key ?? Key, seq ?? new MgmtSequence()) { AttemptTimeout = TimeSpan.FromMilliseconds(attemptMs), Attempts = attempts };

    [Fact]
    public void ARequestIsSignedJsonWithVersionSeqOpAndDomain()
    {
        using var server = new FakeMgmtServer(Key);
        using var client = Client(server, seq: new MgmtSequence(() => 1234567));
        client.Status("worker");
        string body = Assert.Single(server.Bodies);
        Assert.Equal("{\"v\":1,\"seq\":1234567,\"op\":\"status\",\"domain\":\"worker\"}", body);
        string mac = MgmtWire.Mac(Key, Encoding.UTF8.GetBytes(body));
        Assert.Matches("^[0-9a-f]{64}$", mac);
        Assert.Equal(mac + " " + body, Encoding.UTF8.GetString(MgmtWire.Sign(Key, body)));
        Assert.Equal("{\"v\":1,\"seq\":9,\"op\":\"console\",\"domain\":\"w\",\"cursor\":0}", MgmtClient.RequestBody(9, "console", "w", 0));
        Assert.Equal("{\"v\":1,\"seq\":9,\"op\":\"list\"}", MgmtClient.RequestBody(9, "list", null, null));
    }

    [Fact]
    public void TheCounterIsUnixMicrosecondsAndAlwaysIncreases()
    {
        ulong now = (ulong)((DateTime.UtcNow - DateTime.UnixEpoch).Ticks / 10);
        ulong first = new MgmtSequence().Next();
        Assert.InRange(first, now, now + 10_000_000);
        var stuck = new MgmtSequence(() => 500);
        Assert.Equal(500UL, stuck.Next());
        Assert.Equal(501UL, stuck.Next());
        Assert.Equal(502UL, stuck.Next());
    }

    [Fact]
    public void ListAnswersAreShownAsATableAndAsJson()
    {
        using var server = new FakeMgmtServer(Key);
        using var client = Client(server);
        var list = client.List();
        string table = CtlViews.List(list);
        Assert.StartsWith("system fake, manager mgr\nNAME", table);
        Assert.Matches(@"\nworker\s+1\s+running\s+QM\s+0\s+0\s+1\.2 s\n", table);
        using var json = JsonDocument.Parse(list.PayloadJson());
        Assert.False(json.RootElement.TryGetProperty("seq", out _));
        Assert.Equal("fake", json.RootElement.GetProperty("system").GetString());
        Assert.Equal(2, json.RootElement.GetProperty("domains").GetArrayLength());
    }

    [Fact]
    public void StatusShowsEveryField()
    {
        using var server = new FakeMgmtServer(Key);
        using var client = Client(server);
        string sheet = CtlViews.Status(client.Status("worker"));
        foreach (var field in new[] { "domain ", "state ", "criticality ", "restart policy ", "vcpus ", "cores ", "restarts ", "faults ", "last fault ", "exits ", "interrupts ", "uptime ", "watchdog ", "console bytes " })
            Assert.Contains("\n" + field, "\n" + sheet);
        Assert.Contains("last fault       (none)", sheet);
    }

    [Fact]
    public void AWrongKeyIsReportedAsSuchWithExitCode1()
    {
        using var server = new FakeMgmtServer(Key);
        using var client = Client(server, key: Convert.FromHexString("ffeeddccbbaa99887766554433221100"));
        var e = Assert.Throws<MgmtRefusedException>(() => client.List());
        Assert.Equal("bad-mac", e.Code);
        Assert.Equal(ExitCodes.Failed, e.ExitCode);
        Assert.Contains("key", e.Message);
        Assert.Contains(server.Log, l => l.StartsWith("mgmt: refused ? from 127.0.0.1:", StringComparison.Ordinal) && l.EndsWith(": bad-mac (the MAC does not verify)", StringComparison.Ordinal));
    }

    [Fact]
    public void AReplayedCounterIsRefusedAndTheMessageNamesTheLastAccepted()
    {
        using var server = new FakeMgmtServer(Key);
        using (var first = Client(server, seq: new MgmtSequence(() => 1000))) first.List();
        using var replaying = Client(server, seq: new MgmtSequence(() => 900));
        var e = Assert.Throws<MgmtRefusedException>(() => replaying.List());
        Assert.Equal("replay", e.Code);
        Assert.Contains("last accepted 1000", e.Message);
        Assert.Equal(ExitCodes.Failed, e.ExitCode);
        Assert.Equal(4, server.Bodies.Count);   // asked again twice with a fresh counter (901, 902), then gave up
    }

    [Fact]
    public void AClientBehindAnotherClientsCounterAsksAgainAndSucceeds()
    {
        using var server = new FakeMgmtServer(Key);
        using (var ahead = Client(server, seq: new MgmtSequence(() => 1001))) ahead.List();
        using var behind = Client(server, seq: new MgmtSequence(() => 1000));
        Assert.Equal("restart", behind.Control("restart", "worker").String("action"));
        Assert.Equal(1, server.Domains["worker"].Restarts);
        Assert.Contains("\"seq\":1002,", server.Bodies[^1]);
    }

    [Fact]
    public void ARefusedActionNamesTheRuleTheServerGave()
    {
        using var server = new FakeMgmtServer(Key);
        server.Domains["safety"] = ("running", "ASIL-B", 0);
        using var client = Client(server);
        var e = Assert.Throws<MgmtRefusedException>(() => client.Control("stop", "safety"));
        Assert.Equal("denied", e.Code);
        Assert.Contains("stop safety refused by 127.0.0.1:", e.Message);
        Assert.Contains("(BH106)", e.Message);
        Assert.Equal("running", server.Domains["safety"].State);
        var unknown = Assert.Throws<MgmtRefusedException>(() => client.Status("nobody"));
        Assert.Equal("unknown-domain", unknown.Code);
        client.Control("stop", "worker");
        var twice = Assert.Throws<MgmtRefusedException>(() => client.Control("stop", "worker"));
        Assert.Equal("wrong-state", twice.Code);
    }

    [Fact]
    public void SilenceEndsAfterTheRetriesWithExitCode124AndWhatToCheck()
    {
        using var server = new FakeMgmtServer(Key) { Silent = true };
        using var client = Client(server, attempts: 3, attemptMs: 200);
        var clock = Stopwatch.StartNew();
        var e = Assert.Throws<MgmtUnreachableException>(() => client.List());
        Assert.InRange(clock.ElapsedMilliseconds, 550, 3000);
        Assert.Equal(ExitCodes.Timeout, e.ExitCode);
        Assert.Contains("no answer", e.Message);
        Assert.Contains("after 3 attempt(s)", e.Message);
        Assert.Contains("Check that the system is running", e.Message);
        Assert.Equal(3, server.Bodies.Count);
    }

    [Fact]
    public void APortWhereNothingListensIsNamed()
    {
        int port;
        using (var probe = new System.Net.Sockets.UdpClient(new IPEndPoint(IPAddress.Loopback, 0))) port = ((IPEndPoint)probe.Client.LocalEndPoint!).Port;
        using var client = new MgmtClient(new IPEndPoint(IPAddress.Loopback, port), Key) { AttemptTimeout = TimeSpan.FromMilliseconds(200), Attempts = 2 };
        var e = Assert.Throws<MgmtUnreachableException>(() => client.List());
        Assert.Contains($"nothing listens on 127.0.0.1:{port}", e.Message);
        Assert.Equal(ExitCodes.Timeout, e.ExitCode);
    }

    [Fact]
    public void AReadWhoseAnswerWasLostIsRetriedWithAFreshCounter()
    {
        using var server = new FakeMgmtServer(Key) { DropAnswers = 1 };
        using var client = Client(server, seq: new MgmtSequence(() => 7));
        Assert.Equal("fake", client.List().String("system"));
        Assert.Equal(2, server.Bodies.Count);
        Assert.Contains("\"seq\":7,", server.Bodies[0]);
        Assert.Contains("\"seq\":8,", server.Bodies[1]);
    }

    [Fact]
    public void AControlActionIsRetriedWithTheSameCounterSoItIsDoneAtMostOnce()
    {
        using var server = new FakeMgmtServer(Key) { DropAnswers = 1 };
        using var client = Client(server);
        var e = Assert.Throws<MgmtRefusedException>(() => client.Control("restart", "worker"));
        Assert.Equal("replay", e.Code);
        Assert.Contains("the answer to the first attempt was lost", e.Message);
        Assert.Contains("bulkhead ctl status worker", e.Message);
        Assert.Equal(1, server.Domains["worker"].Restarts);
        Assert.Equal(server.Bodies[0], server.Bodies[1]);
    }

    [Fact]
    public void AnswersUnderAnotherKeyAreNotBelieved()
    {
        using var server = new FakeMgmtServer(Key) { AnswerKey = Convert.FromHexString("0102030405060708090a0b0c0d0e0f10") };
        using var client = Client(server, attempts: 2, attemptMs: 1000);
        var e = Assert.Throws<MgmtUnreachableException>(() => client.List());
        Assert.Contains("did not carry a valid MAC under our key", e.Message);
        Assert.Equal(ExitCodes.Failed, e.ExitCode);
    }

    [Fact]
    public void AnUnauthenticatedOkIsNotBelieved()
    {
        // A zero MAC authenticates nothing: only a bad-mac/bad-request refusal is taken from it.
        using var server = new FakeMgmtServer(Key)
        {
            Override = body => Encoding.UTF8.GetBytes(new string('0', 64) + " {\"v\":1,\"seq\":" + JsonDocument.Parse(body).RootElement.GetProperty("seq") + ",\"ok\":true,\"system\":\"forged\",\"manager\":\"m\",\"domains\":[]}"),
        };
        using var client = Client(server, attempts: 2, attemptMs: 1000);
        var e = Assert.Throws<MgmtUnreachableException>(() => client.List());
        Assert.Contains("zero MAC", e.Message);
    }

    [Theory]
    [InlineData("garbage", "not '<64 hex digits> <json>'")]
    [InlineData("NOTJSON", "the body is not a JSON object")]
    [InlineData("v2", "protocol version 2, not 1")]
    public void BadAnswersAreNamed(string kind, string expected)
    {
        using var server = new FakeMgmtServer(Key);
        server.Override = body =>
        {
            ulong seq = JsonDocument.Parse(body).RootElement.GetProperty("seq").GetUInt64();
            return kind switch
            {
                "garbage" => Encoding.ASCII.GetBytes("hello"),
                "NOTJSON" => MgmtWire.Sign(Key, "not json"),
                _ => MgmtWire.Sign(Key, $"{{\"v\":2,\"seq\":{seq},\"ok\":true}}"),
            };
        };
        using var client = Client(server, attempts: 2, attemptMs: 1000);
        var e = Assert.Throws<MgmtUnreachableException>(() => client.List());
        Assert.Contains(expected, e.Message);
        Assert.Equal(ExitCodes.Failed, e.ExitCode);
    }

    [Fact]
    public void ALateAnswerToAnotherRequestIsSkipped()
    {
        using var server = new FakeMgmtServer(Key) { SendStaleFirst = true };
        using var client = Client(server);
        Assert.Equal("fake", client.List().String("system"));
    }

    [Fact]
    public async Task ConsoleReadsPageByPageAndFollowsUntilTold()
    {
        using var server = new FakeMgmtServer(Key) { ConsolePage = 8 };
        using var client = Client(server);
        var output = new StringWriter();
        new CtlRunner(client, new CtlOptions(), output, TextWriter.Null).Console("worker");
        Assert.Equal("worker up\ntick 1\ntick 2\n", output.ToString());
        int requests = server.Bodies.Count;
        Assert.Equal(4, requests);   // 26 bytes in pages of 8, then an empty page

        var follow = new StringWriter();
        var task = Task.Run(() => new CtlRunner(client, new CtlOptions { Follow = true, For = TimeSpan.FromSeconds(1.5), Interval = TimeSpan.FromMilliseconds(100) }, follow, TextWriter.Null).Console("worker"));
        Thread.Sleep(500);
        lock (server.Log) server.ConsoleText += "tick 3\n";
        Assert.Equal(ExitCodes.Ok, await task);
        Assert.Equal("worker up\ntick 1\ntick 2\ntick 3\n", follow.ToString());
    }

    [Fact]
    public void TopShowsATableWithRatesFromTheSecondOnAndJsonLines()
    {
        using var server = new FakeMgmtServer(Key);
        using var client = Client(server);
        var output = new StringWriter();
        new CtlRunner(client, new CtlOptions { Iterations = 2, Interval = TimeSpan.FromMilliseconds(200) }, output, TextWriter.Null).Top();
        string[] tables = output.ToString().Split("bulkhead top: ", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, tables.Length);
        Assert.Contains("system fake, manager mgr, 2 managed domain(s)", tables[0]);
        Assert.Contains("NAME", tables[0]);
        Assert.Matches(@"\nworker\s+1\s+running\s+QM\s+1/1\s+1\s+0\s+0\s+\d+\s+-\s+\d+\s+-", tables[0]);
        Assert.Matches(@"\nworker\s+1\s+running\s+QM\s+1/1\s+1\s+0\s+0\s+\d+\s+\d+\s+\d+\s+\d+", tables[1]);

        var json = new StringWriter();
        new CtlRunner(client, new CtlOptions { Json = true, Iterations = 1 }, json, TextWriter.Null).Top();
        using var doc = JsonDocument.Parse(json.ToString().Trim());
        Assert.Equal(2, doc.RootElement.GetProperty("domains").GetArrayLength());
        Assert.Equal("worker", doc.RootElement.GetProperty("domains")[0].GetProperty("name").GetString());
    }

    [Fact]
    public void KeyFilesAreHexWithCommentsAndBadOnesNameFileAndLine()
    {
        string dir = Directory.CreateTempSubdirectory("ctl-key").FullName;
        string good = Path.Combine(dir, "good.key");
        File.WriteAllText(good, "# management key\n\n  00112233445566778899aabbccddeeff  \n");
        Assert.Equal(16, MgmtKeyFile.Read(good).Length);
        string bad = Path.Combine(dir, "bad.key");
        File.WriteAllText(bad, "# comment\n0011223344556677889zaabbccddeeff\n");
        var e = Assert.Throws<UsageException>(() => MgmtKeyFile.Read(bad));
        Assert.Equal($"{bad}:2: key: 'z' is not a hex digit (the key is 32..128 hex digits)", e.Message);
        string shortKey = Path.Combine(dir, "short.key");
        File.WriteAllText(shortKey, "0011\n");
        Assert.Contains("4 hex digits; give an even number from 32 to 128", Assert.Throws<UsageException>(() => MgmtKeyFile.Read(shortKey)).Message);
        Assert.Contains("no such key file", Assert.Throws<UsageException>(() => MgmtKeyFile.Read(Path.Combine(dir, "none.key"))).Message);
    }
}
