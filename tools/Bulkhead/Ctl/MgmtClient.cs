using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Bulkhead.Cli.Ctl;

/// <summary>
/// The host side of management protocol version 1 (docs/management.md): one signed request per
/// datagram to the manager's service, one answer back, retried on silence. Only answers that carry
/// our key's MAC and one of this call's counters are believed; the others are counted and named
/// when no good answer comes.
/// </summary>
public sealed class MgmtClient : IDisposable
{
    private readonly Socket _socket;
    private readonly byte[] _key;
    private readonly MgmtSequence _sequence;

    public IPEndPoint Server { get; }
    /// <summary>How long one attempt waits for its answer.</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(1);
    /// <summary>Attempts per request (the first and the retries).</summary>
    public int Attempts { get; init; } = 3;
    /// <summary>Where "what to check" advice comes from: how the target was named (--system file or --to).</summary>
    public string TargetHint { get; init; } = "";

    /// <summary>Every process shares one counter, so requests stay increasing however many clients it makes.</summary>
    public static readonly MgmtSequence DefaultSequence = new();

    public MgmtClient(IPEndPoint server, byte[] key, MgmtSequence? sequence = null)
    {
        Server = server;
        _key = key;
        _sequence = sequence ?? DefaultSequence;
        _socket = new Socket(server.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        // Connected: the kernel delivers only the server's datagrams and reports "port unreachable".
        _socket.Connect(server);
    }

    public void Dispose() => _socket.Dispose();

    public MgmtResponse List() => Send("list");
    public MgmtResponse Status(string domain) => Send("status", domain);
    public MgmtResponse Control(string action, string domain) => Send(action, domain);
    public MgmtResponse Console(string domain, ulong cursor) => Send("console", domain, cursor);

    public static bool IsControl(string op) => op is "stop" or "start" or "restart";

    /// <summary>Sends <paramref name="op"/> and returns its ok answer; throws <see cref="MgmtRefusedException"/> or <see cref="MgmtUnreachableException"/>.</summary>
    public MgmtResponse Send(string op, string? domain = null, ulong? cursor = null)
    {
        // Another client's later counter may reach the server first (the server keeps one counter
        // for all): a replay refusal of a first attempt means nothing was done, so ask again with a
        // fresh counter, a few times.
        for (int round = 0; ; round++)
        {
            try { return SendOnce(op, domain, cursor); }
            catch (MgmtRefusedException e) when (e.Code == "replay" && !e.MaybeDone && round < ReplayRetries) { }
        }
    }

    /// <summary>How often a request refused as a replay (nothing done) is sent again with a fresh counter.</summary>
    public int ReplayRetries { get; init; } = 2;

    private MgmtResponse SendOnce(string op, string? domain, ulong? cursor)
    {
        // A read is retried with a fresh counter. A control action is retried with the same one, so
        // it is done at most once: when the first answer was lost, the retry is refused as a replay.
        bool control = IsControl(op);
        var sent = new List<ulong>();
        var trouble = new Trouble();
        ulong seq = 0;
        for (int attempt = 0; attempt < Attempts; attempt++)
        {
            if (attempt == 0 || !control) seq = _sequence.Next();
            if (!sent.Contains(seq)) sent.Add(seq);
            byte[] datagram = MgmtWire.Sign(_key, RequestBody(seq, op, domain, cursor));
            try { _socket.Send(datagram); }
            catch (SocketException e) { trouble.Refused = e.SocketErrorCode == SocketError.ConnectionRefused; }
            var deadline = Stopwatch.StartNew();
            while (deadline.Elapsed < AttemptTimeout)
            {
                if (Receive(AttemptTimeout - deadline.Elapsed, trouble) is not { } answer) continue;
                if (Judge(answer, op, domain, sent, attempt > 0 && control, trouble) is { } ok) return ok;
            }
        }
        throw trouble.Explain(this, op, Attempts * AttemptTimeout);
    }

    public static string RequestBody(ulong seq, string op, string? domain, ulong? cursor)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteNumber("v", MgmtWire.Version);
            w.WriteNumber("seq", seq);
            w.WriteString("op", op);
            if (domain != null) w.WriteString("domain", domain);
            if (cursor is ulong c) w.WriteNumber("cursor", c);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private byte[]? Receive(TimeSpan wait, Trouble trouble)
    {
        if (wait <= TimeSpan.Zero) return null;
        try
        {
            if (!_socket.Poll((int)Math.Max(1, wait.TotalMicroseconds), SelectMode.SelectRead)) return null;
            var buffer = new byte[65536];
            int n = _socket.Receive(buffer);
            return buffer[..n];
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionRefused or SocketError.ConnectionReset)
        {
            trouble.Refused = true;
            Thread.Sleep(Math.Min(100, (int)wait.TotalMilliseconds));   // nobody listens yet: wait, don't spin
            return null;
        }
    }

    /// <summary>The ok answer, or null after noting why this datagram is not one (a refusal throws).</summary>
    private MgmtResponse? Judge(byte[] datagram, string op, string? domain, List<ulong> sent, bool retriedControl, Trouble trouble)
    {
        var split = MgmtWire.Split(datagram, out string? problem);
        if (split is null) { trouble.Malformed = problem; return null; }
        var (mac, body) = split.Value;
        if (mac == MgmtWire.ZeroMac)
        {
            // Not authenticated: believe only that our MAC was refused, never the rest.
            string code = TryRead(body, out var unsigned) && unsigned.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString()! : "";
            if (code == "bad-mac")
                throw new MgmtRefusedException(code, "", $"{Describe(op, domain)} refused by {Server}: bad-mac: the system does not accept our MAC: the key ({TargetKeyHint()}) is not the one built into the manager's image; use the system's key_file");
            if (code == "bad-request")
                throw new MgmtRefusedException(code, "", $"{Describe(op, domain)} refused by {Server}: bad-request: the system could not read our request as signed (its answer is unauthenticated)");
            trouble.Malformed = "an unauthenticated answer (zero MAC) that is neither bad-mac nor bad-request";
            return null;
        }
        if (!MgmtWire.Verify(_key, mac, body)) { trouble.BadMac++; return null; }
        if (!TryRead(body, out var json) || json.ValueKind != JsonValueKind.Object) { trouble.Malformed = "the body is not a JSON object"; return null; }
        if (!json.TryGetProperty("v", out var v) || v.ValueKind != JsonValueKind.Number || v.GetInt32() != MgmtWire.Version)
        { trouble.Malformed = $"protocol version {(json.TryGetProperty("v", out var vv) ? vv.ToString() : "missing")}, not {MgmtWire.Version}"; return null; }
        if (!json.TryGetProperty("seq", out var s) || s.ValueKind != JsonValueKind.Number || !s.TryGetUInt64(out ulong seq)) { trouble.Malformed = "no seq"; return null; }
        if (!sent.Contains(seq)) { trouble.Stale++; return null; }   // an answer to an earlier request
        if (!json.TryGetProperty("ok", out var ok) || ok.ValueKind is not (JsonValueKind.True or JsonValueKind.False)) { trouble.Malformed = "no ok"; return null; }
        if (ok.ValueKind == JsonValueKind.True) return new MgmtResponse(json, seq);
        string code2 = json.TryGetProperty("error", out var err) && err.ValueKind == JsonValueKind.String ? err.GetString()! : "?";
        string text = json.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString()! : "";
        if (code2 == "replay" && retriedControl)
            throw new MgmtRefusedException(code2, text,
                $"{Describe(op, domain)}: the answer to the first attempt was lost and the retry was refused as a replay ({text}): the {op} was probably done; check with `bulkhead ctl status {domain}`") { MaybeDone = true };
        throw new MgmtRefusedException(code2, text, $"{Describe(op, domain)} refused by {Server}: {code2}: {text}");
    }

    private static bool TryRead(byte[] body, out JsonElement json)
    {
        try { json = JsonDocument.Parse(body).RootElement.Clone(); return true; }
        catch (JsonException) { json = default; return false; }
    }

    private static string Describe(string op, string? domain) => domain == null ? op : $"{op} {domain}";
    private string TargetKeyHint() => TargetHint.Length > 0 ? TargetHint : "--key";

    /// <summary>What went wrong across the attempts, turned into one message saying what to check.</summary>
    private sealed class Trouble
    {
        public bool Refused;
        public int BadMac;
        public int Stale;
        public string? Malformed;

        public MgmtUnreachableException Explain(MgmtClient c, string op, TimeSpan waited)
        {
            string where = $"{c.Server}";
            if (BadMac > 0)
                return new MgmtUnreachableException($"{op}: {BadMac} answer(s) from {where} did not carry a valid MAC under our key: the manager's image has a different key; check the key file ({c.TargetKeyHint()}) and rebuild/restart the system with it", ExitCodes.Failed);
            if (Malformed != null)
                return new MgmtUnreachableException($"{op}: the answers from {where} are not management protocol v{MgmtWire.Version} answers ({Malformed}): is this port the management service's?", ExitCodes.Failed);
            string why = Refused ? $"nothing listens on {where} (the host said \"port unreachable\")" : $"no answer from {where}";
            return new MgmtUnreachableException(
                $"{op}: {why} after {c.Attempts} attempt(s) in {waited.TotalSeconds:0.#} s. Check that the system is running " +
                $"(`bulkhead run <system.yaml>` relays 127.0.0.1:<management.udp_port> to the manager), that the port and address are the system's " +
                $"management.udp_port{(c.TargetHint.Length > 0 ? $" ({c.TargetHint})" : "")}, and that the manager's console shows its service listening; " +
                $"a slow emulator may need a longer --timeout", ExitCodes.Timeout);
        }
    }
}
