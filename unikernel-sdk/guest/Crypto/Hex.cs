namespace Bulkhead.Guest.Crypto
{
    /// <summary>Lowercase hex of MACs and keys (the management datagram starts with the MAC's 64 hex digits).</summary>
    public static unsafe class Hex
    {
        /// <summary>Writes 2 * <paramref name="length"/> lowercase hex digits.</summary>
        public static void Encode(byte* data, int length, byte* text)
        {
            for (int i = 0; i < length; i++)
            {
                text[2 * i] = Digit(data[i] >> 4);
                text[2 * i + 1] = Digit(data[i] & 15);
            }
        }

        /// <summary>Decodes 2 * <paramref name="length"/> hex digits (either case); false at the first non-hex character.</summary>
        public static bool Decode(byte* text, int length, byte* data)
        {
            for (int i = 0; i < length; i++)
            {
                int hi = Value(text[2 * i]), lo = Value(text[2 * i + 1]);
                if (hi < 0 || lo < 0) return false;
                data[i] = (byte)(hi << 4 | lo);
            }
            return true;
        }

        /// <summary>Decodes a hex string constant (the generated GuestConfig.ManagementKeyHex) into <paramref name="data"/>; returns the bytes written, or -1.</summary>
        public static int Decode(string text, byte* data, int capacity)
        {
            if (text.Length % 2 != 0 || text.Length / 2 > capacity) return -1;
            for (int i = 0; i < text.Length / 2; i++)
            {
                int hi = Value(text[2 * i]), lo = Value(text[2 * i + 1]);
                if (hi < 0 || lo < 0) return -1;
                data[i] = (byte)(hi << 4 | lo);
            }
            return text.Length / 2;
        }

        private static byte Digit(int v) => (byte)(v < 10 ? '0' + v : 'a' + v - 10);

        private static int Value(int c) =>
            c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    }
}
