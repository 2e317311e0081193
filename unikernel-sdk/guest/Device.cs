using Bulkhead.Runtime;

namespace Bulkhead.Guest
{
    /// <summary>
    /// Register access for devices the plan passes through to this domain. Touching a device the
    /// domain does not own stops the domain (the hypervisor reports it).
    /// </summary>
    public static class Device
    {
        public static uint Read32(ulong address) => Mmio.Read32(address);
        public static void Write32(ulong address, uint value) => Mmio.Write32(address, value);
        public static byte Read8(ulong address) => Mmio.Read8(address);
        public static void Write8(ulong address, byte value) => Mmio.Write8(address, value);
    }
}
