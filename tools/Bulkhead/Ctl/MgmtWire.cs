using System.Security.Cryptography;
using System.Text;

namespace Bulkhead.Cli.Ctl;

/// <summary>
/// Management protocol version 1 framing (docs/management.md): a datagram is 64 lowercase hex digits
/// of HMAC-SHA256(key, body), one space, then the body (one JSON object). The MAC covers the body
/// bytes exactly as sent.
/// </summary>
public static class MgmtWire
{
    public const int Version = 1;
    public const int MaxDatagram = 1400;
    public const int MacDigits = 64;
    /// <summary>The MAC of `bad-mac`/`bad-request` answers to requests whose MAC did not verify: nothing in them is authenticated.</summary>
    public static readonly string ZeroMac = new('0', MacDigits);

    public static string Mac(byte[] key, ReadOnlySpan<byte> body) => Convert.ToHexStringLower(HMACSHA256.HashData(key, body));

    public static byte[] Frame(string mac, string body) => Encoding.UTF8.GetBytes(mac + " " + body);

    public static byte[] Sign(byte[] key, string body) => Frame(Mac(key, Encoding.UTF8.GetBytes(body)), body);

    /// <summary>Splits a datagram into its MAC digits and body bytes; null with a reason when it is not framed as the protocol says.</summary>
    public static (string Mac, byte[] Body)? Split(ReadOnlySpan<byte> datagram, out string? problem)
    {
        problem = null;
        if (datagram.Length > MaxDatagram) { problem = $"{datagram.Length} bytes, more than {MaxDatagram}"; return null; }
        if (datagram.Length < MacDigits + 2 || datagram[MacDigits] != (byte)' ') { problem = "not '<64 hex digits> <json>'"; return null; }
        foreach (byte b in datagram[..MacDigits])
            if (b is not ((>= (byte)'0' and <= (byte)'9') or (>= (byte)'a' and <= (byte)'f'))) { problem = "the MAC is not 64 lowercase hex digits"; return null; }
        return (Encoding.ASCII.GetString(datagram[..MacDigits]), datagram[(MacDigits + 1)..].ToArray());
    }

    /// <summary>True when <paramref name="mac"/> is the HMAC of <paramref name="body"/> under <paramref name="key"/> (constant time).</summary>
    public static bool Verify(byte[] key, string mac, ReadOnlySpan<byte> body) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Mac(key, body)), Encoding.ASCII.GetBytes(mac));
}
