using Bulkhead.Core.Plan;

namespace Bulkhead.Core.Partition
{
    /// <summary>
    /// CRC-32 of guest images (the same value as <see cref="PlanCrc32"/>), slicing-by-8: eight
    /// bytes per step through eight 256-entry tables. Images are tens of KiB (services) to tens of
    /// MiB (a Linux kernel), and the bitwise loop costs ~50 instructions a byte. The 8 KiB of
    /// tables are built on first use, at boot.
    /// </summary>
    public static unsafe class ImageCrc
    {
        private static uint[]? s_table;

        public static uint Compute(byte* data, ulong length)
        {
            uint[] tables = s_table ??= BuildTables();
            uint crc = 0xFFFFFFFF;
            ulong i = 0;
            fixed (uint* t = tables)
            {
                for (; i + 8 <= length; i += 8)
                {
                    ulong v = *(ulong*)(data + i) ^ crc;
                    crc = t[7 * 256 + (v & 0xFF)] ^ t[6 * 256 + ((v >> 8) & 0xFF)] ^ t[5 * 256 + ((v >> 16) & 0xFF)] ^ t[4 * 256 + ((v >> 24) & 0xFF)]
                        ^ t[3 * 256 + ((v >> 32) & 0xFF)] ^ t[2 * 256 + ((v >> 40) & 0xFF)] ^ t[256 + ((v >> 48) & 0xFF)] ^ t[v >> 56];
                }
                for (; i < length; i++) crc = t[(crc ^ data[i]) & 0xFF] ^ (crc >> 8);
            }
            return ~crc;
        }

        /// <summary>Table k maps a byte to its CRC contribution k bytes before the end of an 8-byte step.</summary>
        private static uint[] BuildTables()
        {
            var table = new uint[8 * 256];
            for (uint n = 0; n < 256; n++)
            {
                uint c = n;
                for (int bit = 0; bit < 8; bit++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
                table[n] = c;
            }
            for (uint n = 0; n < 256; n++)
                for (uint k = 1; k < 8; k++)
                {
                    uint previous = table[(k - 1) * 256 + n];
                    table[k * 256 + n] = (previous >> 8) ^ table[previous & 0xFF];
                }
            return table;
        }
    }
}
