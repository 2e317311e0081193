namespace Bulkhead.Core.Plan;

// Little-endian loads from raw memory, byte by byte: no alignment assumptions, no BCL helpers.
public static unsafe class PlanBytes
{
    public static byte U8(byte* p) => p[0];

    public static ushort U16(byte* p) => (ushort)(p[0] | (p[1] << 8));

    public static uint U32(byte* p) =>
        (uint)p[0] | ((uint)p[1] << 8) | ((uint)p[2] << 16) | ((uint)p[3] << 24);

    public static ulong U64(byte* p) => (ulong)U32(p) | ((ulong)U32(p + 4) << 32);
}
