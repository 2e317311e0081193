namespace Bulkhead.Arm64
{
    /// <summary>Device register access. Volatile so the compiler neither merges nor reorders accesses.</summary>
    internal static unsafe class Mmio
    {
        public static uint Read32(ulong address) => System.Threading.Volatile.Read(ref *(uint*)address);
        public static void Write32(ulong address, uint value) => System.Threading.Volatile.Write(ref *(uint*)address, value);
    }
}
