namespace Bulkhead.Guest.Net
{
    /// <summary>
    /// Network byte order (big-endian) reads and writes on raw frame memory. Callers check the
    /// frame's length before calling: these do no bounds checks of their own.
    /// </summary>
    public static unsafe class NetBytes
    {
        public static ushort Read16(byte* p) => (ushort)((p[0] << 8) | p[1]);

        public static uint Read32(byte* p) => ((uint)p[0] << 24) | ((uint)p[1] << 16) | ((uint)p[2] << 8) | p[3];

        public static void Write16(byte* p, uint value)
        {
            p[0] = (byte)(value >> 8);
            p[1] = (byte)value;
        }

        public static void Write32(byte* p, uint value)
        {
            p[0] = (byte)(value >> 24);
            p[1] = (byte)(value >> 16);
            p[2] = (byte)(value >> 8);
            p[3] = (byte)value;
        }

        /// <summary>A MAC address as 6 bytes; in a ulong its bytes are big-endian in the low 48 bits (as GuestConfig.MacAddress).</summary>
        public static ulong ReadMac(byte* p) =>
            ((ulong)p[0] << 40) | ((ulong)p[1] << 32) | ((ulong)p[2] << 24) | ((ulong)p[3] << 16) | ((ulong)p[4] << 8) | p[5];

        public static void WriteMac(byte* p, ulong mac)
        {
            for (int i = 0; i < 6; i++) p[i] = (byte)(mac >> (8 * (5 - i)));
        }

        public static void Copy(byte* destination, byte* source, uint length)
        {
            for (uint i = 0; i < length; i++) destination[i] = source[i];
        }

        /// <summary>An IPv4 address (host order) from its four parts: Ipv4(10, 0, 2, 10).</summary>
        public static uint Ipv4(uint a, uint b, uint c, uint d) => (a << 24) | (b << 16) | (c << 8) | d;

        /// <summary>"10.0.2.10" for console lines (no allocation beyond the strings themselves).</summary>
        public static string FormatIpv4(uint address) =>
            string.Concat(string.Concat((address >> 24).ToString(), ".", ((address >> 16) & 0xff).ToString(), "."),
                string.Concat(((address >> 8) & 0xff).ToString(), ".", (address & 0xff).ToString()));

        /// <summary>"02:00:00:00:00:0a".</summary>
        public static string FormatMac(ulong mac)
        {
            string text = ((mac >> 40) & 0xff).ToString("x2");
            for (int i = 4; i >= 0; i--) text = string.Concat(text, ":", ((mac >> (8 * i)) & 0xff).ToString("x2"));
            return text;
        }
    }
}
