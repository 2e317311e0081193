namespace Bulkhead.Guest
{
    /// <summary>Copies payloads in and out of ring memory, eight bytes at a time where it can.</summary>
    public static unsafe class RingBytes
    {
        public static void Copy(byte* destination, byte* source, uint length)
        {
            uint i = 0;
            for (; i + 8 <= length; i += 8) *(ulong*)(destination + i) = *(ulong*)(source + i);
            for (; i < length; i++) destination[i] = source[i];
        }
    }
}
