// One request datagram in, one answer datagram out (docs/management.md, "Wire protocol"):
// frame and MAC first (constant-time), then the body, the version, the replay counter, and only
// then the operation. Answers to datagrams whose MAC did not verify carry 64 zeros as their MAC.
using Bulkhead.Guest;
using Bulkhead.Guest.Crypto;
using Bulkhead.Guest.ManagementProtocol;
using Bulkhead.Guest.Net;

public static unsafe class RequestHandler
{
    /// <summary>A request may be up to Datagram.MaxSize bytes; one more tells a longer one apart.</summary>
    public const int ReceiveCapacity = Datagram.MaxSize + 1;
    public const int AnswerCapacity = Datagram.MaxSize;
    private const int MaxKeyBytes = 64;

    private static byte[] s_key = new byte[MaxKeyBytes];
    private static int s_keyLength;
    /// <summary>The highest seq accepted so far; a request must carry a larger one (starts at 0, kept in memory).</summary>
    private static ulong s_lastSeq;

    public static bool LoadKey(string hex)
    {
        fixed (byte* k = s_key) s_keyLength = Hex.Decode(hex, k, MaxKeyBytes);
        return s_keyLength >= 16;
    }

    /// <summary>Handles the datagram at <paramref name="datagram"/>; writes the answer datagram to <paramref name="answer"/> and returns its length.</summary>
    public static int Handle(byte* datagram, int length, uint ip, ushort port, byte* answer)
    {
        byte* body = datagram + Datagram.BodyOffset;
        int bodyLength = length - Datagram.BodyOffset;
        var w = new ResponseWriter(answer + Datagram.BodyOffset, AnswerCapacity - Datagram.BodyOffset);

        if (length > Datagram.MaxSize)
        {
            w.Error(0, "too-large");
            w.String("message", "a request is at most 1400 bytes");
            w.End();
            Refused(Operation.None, ip, port, "too-large", "datagram over 1400 bytes");
            return Seal(false, answer, ref w);
        }
        if (!Datagram.IsFramed(datagram, length))
        {
            w.Error(0, "bad-request");
            w.String("message", "mac: a request starts with 64 hex digits of HMAC-SHA256(key, body) and a space");
            w.End();
            Refused(Operation.None, ip, port, "bad-request", "no MAC in front of the body");
            return Seal(false, answer, ref w);
        }

        bool parsed = RequestParser.Parse(body, bodyLength, out Request request, out RequestError error);
        bool verified;
        fixed (byte* k = s_key) verified = Datagram.Verify(k, s_keyLength, datagram, length);
        if (!verified)
        {
            // Nothing in the body is trusted; its seq is echoed only so the client can match the answer.
            w.Error(request.HasSeq ? request.Seq : 0, "bad-mac");
            w.String("message", "the MAC does not match: the request was not made with this system's management key");
            w.End();
            Refused(request.Op, ip, port, "bad-mac", "MAC does not verify");
            return Seal(false, answer, ref w);
        }
        ulong seq = request.HasSeq ? request.Seq : 0;
        if (!parsed)
        {
            w.Error(seq, "bad-request");
            w.BeginString("message");
            w.Text(error.Field);
            w.Text(": ");
            w.Text(error.Problem);
            if (error.NameLength > 0) { w.Text(" '"); w.TextBytes(body + error.NameOffset, error.NameLength); w.Text("'"); }
            w.EndString();
            w.End();
            Refused(request.Op, ip, port, "bad-request", string.Concat(error.Field, ": ", error.Problem));
            return Seal(true, answer, ref w);
        }
        if (request.Version != Request.Version1)
        {
            w.Error(seq, "bad-version");
            w.BeginString("message");
            w.Text("version ");
            w.TextNumber(request.Version);
            w.Text(" is not supported; this server speaks version 1");
            w.EndString();
            w.End();
            Refused(request.Op, ip, port, "bad-version", string.Concat("v ", request.Version.ToString()));
            return Seal(true, answer, ref w);
        }
        if (seq <= s_lastSeq)
        {
            w.Error(seq, "replay");
            w.BeginString("message");
            w.Text("seq ");
            w.TextNumber(seq);
            w.Text(" is not above the last accepted seq ");
            w.TextNumber(s_lastSeq);
            w.EndString();
            w.End();
            Refused(request.Op, ip, port, "replay", string.Concat("seq ", seq.ToString(), " <= ", s_lastSeq.ToString()));
            return Seal(true, answer, ref w);
        }
        s_lastSeq = seq;

        Operations.Run(ref request, body, seq, ip, port, ref w);
        if (w.Overflowed)
        {
            w = new ResponseWriter(answer + Datagram.BodyOffset, AnswerCapacity - Datagram.BodyOffset);
            w.Error(seq, "too-large");
            w.String("message", "the answer does not fit one datagram");
            w.End();
            Refused(request.Op, ip, port, "too-large", "answer over 1400 bytes");
        }
        return Seal(true, answer, ref w);
    }

    private static int Seal(bool withKey, byte* answer, ref ResponseWriter w)
    {
        if (withKey) fixed (byte* k = s_key) Datagram.Seal(k, s_keyLength, answer, w.Length);
        else Datagram.Seal(null, 0, answer, w.Length);
        return Datagram.BodyOffset + w.Length;
    }

    /// <summary>`mgmt: refused <op> from <ip>:<port>: <code> (<detail>)`.</summary>
    public static void Refused(Operation op, uint ip, ushort port, string code, string detail) =>
        Console.WriteLine(string.Concat(string.Concat("mgmt: refused ", op == Operation.None ? "request" : RequestParser.NameOf(op), " from ", Peer(ip, port)),
            string.Concat(": ", code, " (", detail), ")"));

    public static string Peer(uint ip, ushort port) => string.Concat(NetBytes.FormatIpv4(ip), ":", ((uint)port).ToString());
}
