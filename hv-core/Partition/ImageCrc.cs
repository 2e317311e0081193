using Bulkhead.Core.Plan;

namespace Bulkhead.Core.Partition
{
    /// <summary>
    /// CRC-32 of guest images (the same value as <see cref="PlanCrc32"/>), table-driven: images are
    /// tens of KiB and checked at every (re)start, where the bitwise loop costs ~50 instructions a
    /// byte. The 1 KiB table is built on first use, at boot.
    /// </summary>
    public static unsafe class ImageCrc
    {
        private static uint[]? s_table;

        public static uint Compute(byte* data, ulong length)
        {
            uint[] table = s_table ??= BuildTable();
            uint crc = 0xFFFFFFFF;
            for (ulong i = 0; i < length; i++) crc = table[(crc ^ data[i]) & 0xFF] ^ (crc >> 8);
            return ~crc;
        }

        private static uint[] BuildTable()
        {
            var table = new uint[256];
            for (uint n = 0; n < 256; n++)
            {
                uint c = n;
                for (int bit = 0; bit < 8; bit++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
                table[n] = c;
            }
            return table;
        }
    }
}
