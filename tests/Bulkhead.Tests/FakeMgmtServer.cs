using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Bulkhead.Tests;

/// <summary>
/// An in-process management service speaking protocol version 1 (docs/management.md) on
/// 127.0.0.1, for testing `bulkhead ctl`'s client without a system: it checks the MAC and the
/// replay counter as the guest service does, keeps a few domains and a console, and can misbehave
/// on request (drop answers, answer with another key, with garbage, with stale counters).
/// </summary>
public sealed class FakeMgmtServer : IDisposable
{
    private readonly UdpClient _udp = new(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly Thread _thread;
    private volatile bool _stopped;

    public byte[] Key { get; }
    public IPEndPoint Endpoint => (IPEndPoint)_udp.Client.LocalEndPoint!;
    public ulong LastAccepted { get; private set; }
    /// <summary>The server's console lines ("mgmt: refused ..." / "mgmt: restart worker for ...").</summary>
    public List<string> Log { get; } = new();
    public List<string> Bodies { get; } = new();

    /// <summary>Don't answer the first N requests (the answer is lost) — after acting on them.</summary>
    public int DropAnswers { get; set; }
    /// <summary>Never answer.</summary>
    public bool Silent { get; set; }
    /// <summary>Sign answers with this key instead (a server with a different key).</summary>
    public byte[]? AnswerKey { get; set; }
    /// <summary>Answer with this raw datagram instead.</summary>
    public Func<string, byte[]?>? Override { get; set; }
    /// <summary>Before each real answer, send one for another seq (an old request's late answer).</summary>
    public bool SendStaleFirst { get; set; }

    public Dictionary<string, (string State, string Criticality, int Restarts)> Domains { get; } = new()
    {
        ["worker"] = ("running", "QM", 0),
        ["crasher"] = ("faulted", "QM", 0),
    };
    public string ConsoleText { get; set; } = "worker up\ntick 1\ntick 2\n";
    public int ConsolePage { get; set; } = 1000;

    public FakeMgmtServer(byte[] key)
    {
        Key = key;
        _thread = new Thread(Serve) { IsBackground = true };
        _thread.Start();
    }

    public static byte[] TestKey => Convert.FromHexString("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");

    public void Dispose()
    {
        _stopped = true;
        _udp.Dispose();
    }

    private void Serve()
    {
        while (!_stopped)
        {
            UdpReceiveResult got;
            try { got = _udp.ReceiveAsync().GetAwaiter().GetResult(); }
            catch (Exception) { return; }
            byte[]? answer;
            lock (Log) answer = Handle(got.Buffer, got.RemoteEndPoint);
            if (answer == null || Silent) continue;
            if (DropAnswers > 0) { DropAnswers--; continue; }
            try { _udp.Send(answer, answer.Length, got.RemoteEndPoint); } catch (Exception) { return; }
        }
    }

    private byte[]? Handle(byte[] datagram, IPEndPoint from)
    {
        string text = Encoding.UTF8.GetString(datagram);
        if (text.Length < 66 || text[64] != ' ') return Unsigned(0, "bad-request", "not '<mac> <json>'", "?", from);
        string mac = text[..64], body = text[65..];
        Bodies.Add(body);
        if (Override?.Invoke(body) is { } raw) return raw;
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Convert.ToHexStringLower(HMACSHA256.HashData(Key, Encoding.UTF8.GetBytes(body)))), Encoding.ASCII.GetBytes(mac)))
            return Unsigned(0, "bad-mac", "the MAC does not verify", "?", from);
        using var doc = JsonDocument.Parse(body);
        var r = doc.RootElement;
        ulong seq = r.GetProperty("seq").GetUInt64();
        string op = r.GetProperty("op").GetString()!;
        if (r.GetProperty("v").GetInt32() != 1) return Error(seq, "bad-version", "supported version: 1", op, from);
        if (seq <= LastAccepted) return Error(seq, "replay", $"seq {seq} is not above the last accepted {LastAccepted}", op, from);
        LastAccepted = seq;
        string domain = r.TryGetProperty("domain", out var d) ? d.GetString()! : "";
        if (SendStaleFirst)
        {
            var stale = Signed($"{{\"v\":1,\"seq\":{seq - 1},\"ok\":true,\"system\":\"stale\",\"manager\":\"x\",\"domains\":[]}}");
            _udp.Send(stale, stale.Length, from);
        }
        if (op == "list")
        {
            var items = Domains.Select((kv, i) => $"{{\"name\":\"{kv.Key}\",\"id\":{i + 1},\"state\":\"{kv.Value.State}\",\"criticality\":\"{kv.Value.Criticality}\",\"restarts\":{kv.Value.Restarts},\"faults\":0,\"uptime_ms\":1234}}");
            return Ok(seq, $"\"system\":\"fake\",\"manager\":\"mgr\",\"domains\":[{string.Join(",", items)}]");
        }
        if (domain == "safety" && op is "stop" or "start" or "restart")
            return Error(seq, "denied", "mgr does not manage safety (ASIL-B): a QM manager may not manage a higher-criticality domain (BH106)", op, from);
        if (!Domains.TryGetValue(domain, out var dom)) return Error(seq, "unknown-domain", $"'{domain}' is not managed by mgr", op, from);
        switch (op)
        {
            case "status":
                return Ok(seq, $"\"domain\":{{\"name\":\"{domain}\",\"id\":1,\"state\":\"{dom.State}\",\"criticality\":\"{dom.Criticality}\",\"policy\":\"stop\",\"vcpus\":1,\"vcpus_running\":1," +
                               $"\"cores\":[1],\"restarts\":{dom.Restarts},\"faults\":0,\"last_fault\":\"\",\"exits\":{100 + Bodies.Count * 10},\"interrupts\":{50 + Bodies.Count},\"uptime_ms\":5000," +
                               "\"watchdog_ms\":0,\"heartbeat_age_ms\":0,\"console_bytes\":26}");
            case "stop" when dom.State == "stopped":
                return Error(seq, "wrong-state", $"{domain} is already stopped", op, from);
            case "stop" or "start" or "restart":
                Domains[domain] = (op == "stop" ? "stopped" : "running", dom.Criticality, dom.Restarts + (op == "restart" ? 1 : 0));
                Log.Add($"mgmt: {op} {domain} for {from}");
                return Ok(seq, $"\"domain\":\"{domain}\",\"action\":\"{op}\"");
            case "console":
                ulong cursor = r.GetProperty("cursor").GetUInt64();
                int start = (int)Math.Min(cursor, (ulong)ConsoleText.Length);
                string page = ConsoleText.Substring(start, Math.Min(ConsolePage, ConsoleText.Length - start));
                return Ok(seq, $"\"domain\":\"{domain}\",\"cursor\":{start + page.Length},\"lost\":0,\"text\":{JsonSerializer.Serialize(page)}");
            default:
                return Error(seq, "bad-request", "op: unknown", op, from);
        }
    }

    private byte[] Signed(string body) => Encoding.UTF8.GetBytes(Convert.ToHexStringLower(HMACSHA256.HashData(AnswerKey ?? Key, Encoding.UTF8.GetBytes(body))) + " " + body);
    private byte[] Ok(ulong seq, string fields) => Signed($"{{\"v\":1,\"seq\":{seq},\"ok\":true,{fields}}}");

    private byte[] Error(ulong seq, string code, string message, string op, IPEndPoint from)
    {
        Log.Add($"mgmt: refused {op} from {from}: {code} ({message})");
        return Signed($"{{\"v\":1,\"seq\":{seq},\"ok\":false,\"error\":\"{code}\",\"message\":{JsonSerializer.Serialize(message)}}}");
    }

    private byte[] Unsigned(ulong seq, string code, string message, string op, IPEndPoint from)
    {
        Log.Add($"mgmt: refused {op} from {from}: {code} ({message})");
        return Encoding.UTF8.GetBytes(new string('0', 64) + $" {{\"v\":1,\"seq\":{seq},\"ok\":false,\"error\":\"{code}\",\"message\":\"{message}\"}}");
    }
}
