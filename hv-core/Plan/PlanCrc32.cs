namespace Bulkhead.Core.Plan;

// CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320, init and final xor 0xFFFFFFFF; the same
// value as zlib's crc32). Bitwise on purpose: no table, no static data, plans are a few KiB.
public static unsafe class PlanCrc32
{
    public static uint Compute(byte* data, uint length)
    {
        uint crc = 0xFFFFFFFF;
        for (uint i = 0; i < length; i++)
        {
            crc ^= data[i];
            for (int bit = 0; bit < 8; bit++)
            {
                uint mask = 0u - (crc & 1u);
                crc = (crc >> 1) ^ (0xEDB88320u & mask);
            }
        }
        return ~crc;
    }
}
