using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Bulkhead.Config.Tests;
using Bulkhead.Guest.ManagementProtocol;
using Xunit;

namespace Bulkhead.Tests;

/// <summary>
/// unikernel-sdk/guest/Management/Protocol on the host: the request parser (valid forms, one
/// error per field, fuzzed in a buffer followed by an unreadable page: it never crashes, never
/// reads past the body, and whatever it accepts System.Text.Json reads the same way), the
/// response writer (always valid JSON, every byte escaped, bounded) and the datagram MAC.
/// </summary>
public unsafe class ManagementProtocolTests
{
    const string Punctuation = "{}[]\",:0123456789 \\-.e\"\"\"";
    static readonly HashSet<string> Fields = ["v", "seq", "op", "domain", "cursor", "body"];

    static (bool Ok, Request Request, RequestError Error) Parse(byte[] body)
    {
        using var buffer = new GuardedBuffer(body);
        bool ok = RequestParser.Parse(buffer.Pointer, body.Length, out var request, out var error);
        return (ok, request, error);
    }

    static (bool Ok, Request Request, RequestError Error) Parse(string body) => Parse(Encoding.ASCII.GetBytes(body));

    [Theory]
    [InlineData("{\"v\":1,\"seq\":5,\"op\":\"list\"}", Operation.List, 5ul, "", 0ul)]
    [InlineData("{\"op\":\"status\",\"domain\":\"worker\",\"seq\":18446744073709551615,\"v\":1}", Operation.Status, ulong.MaxValue, "worker", 0ul)]
    [InlineData(" { \"v\" : 1 ,\n\"seq\":1, \"op\":\"console\", \"domain\":\"a-b_c\", \"cursor\": 1234 } ", Operation.Console, 1ul, "a-b_c", 1234ul)]
    [InlineData("{\"v\":1,\"seq\":0,\"op\":\"stop\",\"domain\":\"w\"}", Operation.Stop, 0ul, "w", 0ul)]
    [InlineData("{\"v\":1,\"seq\":2,\"op\":\"start\",\"domain\":\"w\"}", Operation.Start, 2ul, "w", 0ul)]
    [InlineData("{\"v\":1,\"seq\":3,\"op\":\"restart\",\"domain\":\"w\"}", Operation.Restart, 3ul, "w", 0ul)]
    public void ValidRequestsParse(string body, Operation op, ulong seq, string domain, ulong cursor)
    {
        var (ok, r, e) = Parse(body);
        Assert.True(ok, $"{e.Field}: {e.Problem}");
        Assert.Equal(1ul, r.Version);
        Assert.Equal(op, r.Op);
        Assert.Equal(seq, r.Seq);
        Assert.Equal(domain, r.HasDomain ? body.Substring(r.DomainOffset, r.DomainLength) : "");
        Assert.Equal(cursor, r.Cursor);
    }

    [Theory]
    [InlineData("", "body", "not a JSON object")]
    [InlineData("[1]", "body", "not a JSON object")]
    [InlineData("{\"v\":1,\"seq\":1,\"op\":\"list\",\"x\":1}", "body", "unknown field")]
    [InlineData("{\"v\":1,\"seq\":1,\"op\":\"list\"} x", "body", "text after the object")]
    [InlineData("{\"v\":1,\"seq\":1,\"op\":\"list\"", "body", "expected ',' or '}'")]
    [InlineData("{\"seq\":1,\"op\":\"list\"}", "v", "missing")]
    [InlineData("{\"v\":\"1\",\"seq\":1,\"op\":\"list\"}", "v", "not an unsigned integer")]
    [InlineData("{\"v\":1,\"op\":\"list\"}", "seq", "missing")]
    [InlineData("{\"v\":1,\"seq\":-1,\"op\":\"list\"}", "seq", "not an unsigned")]
    [InlineData("{\"v\":1,\"seq\":18446744073709551616,\"op\":\"list\"}", "seq", "not an unsigned 64-bit")]
    [InlineData("{\"v\":1,\"seq\":1.5,\"op\":\"list\"}", "seq", "not an unsigned")]
    [InlineData("{\"v\":1,\"seq\":01,\"op\":\"list\"}", "seq", "not an unsigned")]
    [InlineData("{\"v\":1,\"seq\":1,\"seq\":2,\"op\":\"list\"}", "seq", "given twice")]
    [InlineData("{\"v\":1,\"seq\":1}", "op", "missing")]
    [InlineData("{\"v\":1,\"seq\":1,\"op\":\"reboot\"}", "op", "not one of")]
    [InlineData("{\"v\":1,\"seq\":1,\"op\":7}", "op", "not a plain string")]
    [InlineData("{\"v\":1,\"seq\":1,\"op\":\"stop\"}", "domain", "missing")]
    [InlineData("{\"v\":1,\"seq\":1,\"op\":\"stop\",\"domain\":\"\"}", "domain", "not a domain name")]
    [InlineData("{\"v\":1,\"seq\":1,\"op\":\"stop\",\"domain\":\"w\\u0041\"}", "domain", "not a plain string")]
    [InlineData("{\"v\":1,\"seq\":1,\"op\":\"console\",\"domain\":\"w\",\"cursor\":\"x\"}", "cursor", "not an unsigned")]
    public void BadRequestsNameTheField(string body, string field, string problem)
    {
        var (ok, _, e) = Parse(body);
        Assert.False(ok);
        Assert.Equal(field, e.Field);
        Assert.Contains(problem, e.Problem);
    }

    [Fact]
    public void AnUnknownFieldIsNamed()
    {
        const string body = "{\"v\":1,\"seq\":1,\"op\":\"list\",\"colour\":1}";
        var (ok, _, e) = Parse(body);
        Assert.False(ok);
        Assert.Equal("colour", body.Substring(e.NameOffset, e.NameLength));
    }

    /// <summary>
    /// 40,000 inputs: random bytes, and valid requests with bytes flipped, cut, inserted or
    /// duplicated. Each sits at the very end of readable memory. The parser returns for all of
    /// them; a refusal names a known field; an acceptance is a JSON object System.Text.Json reads
    /// with the same values.
    /// </summary>
    [Fact]
    public void FuzzedBodiesNeverCrashAndAcceptOnlyWhatJsonAgrees()
    {
        var random = new Random(1818);
        string[] seeds =
        [
            "{\"v\":1,\"seq\":5,\"op\":\"list\"}",
            "{\"v\":1,\"seq\":77,\"op\":\"console\",\"domain\":\"worker\",\"cursor\":12}",
            "{\"op\":\"restart\",\"domain\":\"w\",\"seq\":9,\"v\":1}",
        ];
        int accepted = 0;
        for (int i = 0; i < 40_000; i++)
        {
            byte[] body;
            if (i % 4 == 0)
            {
                body = new byte[random.Next(0, 80)];
                random.NextBytes(body);
            }
            else
            {
                var list = Encoding.ASCII.GetBytes(seeds[random.Next(seeds.Length)]).ToList();
                for (int m = random.Next(1, 4); m > 0 && list.Count > 0; m--)
                {
                    int at = random.Next(list.Count);
                    switch (random.Next(4))
                    {
                        case 0: list[at] = (byte)random.Next(256); break;
                        case 1: list.RemoveRange(at, Math.Min(random.Next(1, 5), list.Count - at)); break;
                        case 2: list.Insert(at, (byte)Punctuation[random.Next(Punctuation.Length)]); break;
                        default: list.RemoveRange(at, list.Count - at); break;
                    }
                }
                body = list.ToArray();
            }
            var (ok, r, e) = Parse(body);
            if (!ok)
            {
                Assert.Contains(e.Field, Fields);
                Assert.False(string.IsNullOrEmpty(e.Problem));
                continue;
            }
            accepted++;
            using var doc = JsonDocument.Parse(body);
            var root = doc.RootElement;
            Assert.Equal(JsonValueKind.Object, root.ValueKind);
            Assert.Equal(r.Version, root.GetProperty("v").GetUInt64());
            Assert.Equal(r.Seq, root.GetProperty("seq").GetUInt64());
            Assert.Equal(RequestParser.NameOf(r.Op), root.GetProperty("op").GetString());
            if (r.HasDomain) Assert.Equal(Encoding.ASCII.GetString(body, r.DomainOffset, r.DomainLength), root.GetProperty("domain").GetString());
        }
        Assert.True(accepted > 100, $"only {accepted} fuzzed bodies were requests");
    }

    [Fact]
    public void TheWriterEscapesEveryByteAndItsOutputIsJson()
    {
        var text = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        var buffer = new byte[Datagram.MaxSize];
        int length;
        fixed (byte* b = buffer) fixed (byte* t = text)
        {
            var w = new ResponseWriter(b, buffer.Length);
            w.Begin(42, true);
            w.String("domain", "worker");
            w.Number("cursor", ulong.MaxValue);
            w.String("text", t, text.Length);
            w.BeginArray("cores");
            w.Number(0); w.Number(3);
            w.EndArray();
            w.BeginArray("domains");
            w.BeginObject(); w.String("name", "a"); w.Bool("x", false); w.EndObject();
            w.BeginObject(); w.String("name", "b"); w.EndObject();
            w.EndArray();
            w.End();
            Assert.False(w.Overflowed);
            length = w.Length;
        }
        var json = buffer[..length];
        Assert.All(json, c => Assert.InRange(c, (byte)0x20, (byte)0x7e));
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        Assert.Equal(1, root.GetProperty("v").GetInt32());
        Assert.Equal(42ul, root.GetProperty("seq").GetUInt64());
        Assert.True(root.GetProperty("ok").GetBoolean());
        Assert.Equal(ulong.MaxValue, root.GetProperty("cursor").GetUInt64());
        Assert.Equal(Encoding.Latin1.GetString(text), root.GetProperty("text").GetString());
        Assert.Equal([0, 3], root.GetProperty("cores").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(["a", "b"], root.GetProperty("domains").EnumerateArray().Select(e => e.GetProperty("name").GetString()));
    }

    [Fact]
    public void TheWriterStopsAtItsCapacity()
    {
        using var guarded = new GuardedBuffer(new byte[100]);
        var w = new ResponseWriter(guarded.Pointer, 100);
        w.Begin(1, true);
        for (int i = 0; i < 50; i++) w.String("k", "a long value that will not fit");
        w.End();
        Assert.True(w.Overflowed);
        Assert.Equal(100, w.Length);
    }

    [Fact]
    public void ASealedDatagramCarriesDotNetsHmacAndVerifiesOnlyUnchanged()
    {
        var key = Convert.FromHexString("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
        var body = "{\"v\":1,\"seq\":1,\"op\":\"list\"}"u8.ToArray();
        var datagram = new byte[Datagram.BodyOffset + body.Length];
        body.CopyTo(datagram, Datagram.BodyOffset);
        fixed (byte* k = key) fixed (byte* d = datagram)
        {
            Datagram.Seal(k, key.Length, d, body.Length);
            Assert.Equal(Convert.ToHexStringLower(HMACSHA256.HashData(key, body)) + " " + Encoding.ASCII.GetString(body), Encoding.ASCII.GetString(datagram));
            Assert.True(Datagram.Verify(k, key.Length, d, datagram.Length));
            for (int i = 0; i < datagram.Length; i++)
            {
                if (i == Datagram.MacHexLength) continue;
                byte saved = d[i];
                d[i] = (byte)(saved == (byte)'0' ? '1' : '0');
                Assert.False(Datagram.Verify(k, key.Length, d, datagram.Length), $"byte {i} changed but verified");
                d[i] = saved;
            }
            Assert.False(Datagram.Verify(k, key.Length - 1, d, datagram.Length));
            Assert.False(Datagram.Verify(k, key.Length, d, Datagram.BodyOffset - 1));
            Datagram.Seal(null, 0, d, body.Length);
            Assert.StartsWith(new string('0', 64) + " ", Encoding.ASCII.GetString(datagram));
        }
    }
}
