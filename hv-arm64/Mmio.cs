namespace Bulkhead.Arm64
{
    /// <summary>Device register access. Volatile so the compiler neither merges nor reorders accesses.</summary>
    internal static unsafe class Mmio
    {
        public static uint Read32(ulong address) => System.Threading.Volatile.Read(ref *(uint*)address);
        public static void Write32(ulong address, uint value) => System.Threading.Volatile.Write(ref *(uint*)address, value);
        public static ulong Read64(ulong address) => System.Threading.Volatile.Read(ref *(ulong*)address);
        public static void Write64(ulong address, ulong value) => System.Threading.Volatile.Write(ref *(ulong*)address, value);
        public static byte Read8(ulong address) => System.Threading.Volatile.Read(ref *(byte*)address);
        public static void Write8(ulong address, byte value) => System.Threading.Volatile.Write(ref *(byte*)address, value);
    }
}
