namespace Bulkhead.Runtime
{
    /// <summary>
    /// Device register access for the hypervisor and the guest runtime. Volatile, so the compiler
    /// neither merges, reorders nor drops accesses.
    /// </summary>
    public static unsafe class Mmio
    {
        public static uint Read32(ulong address) => System.Threading.Volatile.Read(ref *(uint*)address);
        public static void Write32(ulong address, uint value) => System.Threading.Volatile.Write(ref *(uint*)address, value);
        public static ulong Read64(ulong address) => System.Threading.Volatile.Read(ref *(ulong*)address);
        public static void Write64(ulong address, ulong value) => System.Threading.Volatile.Write(ref *(ulong*)address, value);
        public static byte Read8(ulong address) => System.Threading.Volatile.Read(ref *(byte*)address);
        public static void Write8(ulong address, byte value) => System.Threading.Volatile.Write(ref *(byte*)address, value);
    }
}
