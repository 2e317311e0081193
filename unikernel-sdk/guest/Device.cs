namespace Bulkhead.Guest
{
    /// <summary>
    /// Register access for devices the plan passes through to this domain. Touching a device the
    /// domain does not own stops the domain (the hypervisor reports it).
    /// </summary>
    public static unsafe class Device
    {
        public static uint Read32(ulong address) => System.Threading.Volatile.Read(ref *(uint*)address);
        public static void Write32(ulong address, uint value) => System.Threading.Volatile.Write(ref *(uint*)address, value);
        public static byte Read8(ulong address) => System.Threading.Volatile.Read(ref *(byte*)address);
        public static void Write8(ulong address, byte value) => System.Threading.Volatile.Write(ref *(byte*)address, value);
    }
}
