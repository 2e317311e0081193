using Bulkhead.Guest.Crypto;

namespace Bulkhead.Guest.ManagementProtocol
{
    /// <summary>
    /// The management datagram (docs/management.md): 64 lowercase hex digits of
    /// HMAC-SHA256(key, body), one space, then the body. The MAC covers the body bytes as sent.
    /// </summary>
    public static unsafe class Datagram
    {
        public const int MaxSize = 1400;
        public const int MacHexLength = 2 * HmacSha256.MacSize;
        /// <summary>Where the body starts: after the MAC and its space.</summary>
        public const int BodyOffset = MacHexLength + 1;

        /// <summary>True when the datagram has the MAC-space-body shape (the body may be empty).</summary>
        public static bool IsFramed(byte* datagram, int length)
        {
            if (length < BodyOffset || datagram[MacHexLength] != ' ') return false;
            byte* mac = stackalloc byte[HmacSha256.MacSize];
            return Hex.Decode(datagram, HmacSha256.MacSize, mac);
        }

        /// <summary>True when the datagram is framed and its MAC is the key's MAC of its body (compared in constant time).</summary>
        public static bool Verify(byte* key, int keyLength, byte* datagram, int length)
        {
            if (length < BodyOffset || datagram[MacHexLength] != ' ') return false;
            byte* given = stackalloc byte[HmacSha256.MacSize];
            if (!Hex.Decode(datagram, HmacSha256.MacSize, given)) return false;
            byte* expected = stackalloc byte[HmacSha256.MacSize];
            HmacSha256.Compute(key, keyLength, datagram + BodyOffset, length - BodyOffset, expected);
            return ConstantTime.Equals(given, expected, HmacSha256.MacSize);
        }

        /// <summary>
        /// Fills the first <see cref="BodyOffset"/> bytes of <paramref name="datagram"/> in front of a
        /// body already written at BodyOffset: the MAC's hex digits and the space; 64 zeros when
        /// <paramref name="key"/> is null (answers to requests whose MAC did not verify).
        /// </summary>
        public static void Seal(byte* key, int keyLength, byte* datagram, int bodyLength)
        {
            if (key == null)
                for (int i = 0; i < MacHexLength; i++) datagram[i] = (byte)'0';
            else
            {
                byte* mac = stackalloc byte[HmacSha256.MacSize];
                HmacSha256.Compute(key, keyLength, datagram + BodyOffset, bodyLength, mac);
                Hex.Encode(mac, HmacSha256.MacSize, datagram);
            }
            datagram[MacHexLength] = (byte)' ';
        }
    }
}
