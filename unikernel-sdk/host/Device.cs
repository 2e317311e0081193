using System;
using System.Threading;
namespace Bulkhead.Guest
{
    /// <summary>
    /// Host mode has no devices: a process cannot reach a board's registers. Every access throws
    /// <see cref="PlatformNotSupportedException"/>, so the domain ends as a fault naming the address.
    /// </summary>
    public static class Device
    {
        public static uint Read32(ulong address) => throw NoDevices(address);
        public static void Write32(ulong address, uint value) => throw NoDevices(address);
        public static byte Read8(ulong address) => throw NoDevices(address);
        public static void Write8(ulong address, byte value) => throw NoDevices(address);

        private static PlatformNotSupportedException NoDevices(ulong address) =>
            new(string.Concat("device register 0x", address.ToString("x"), ": host mode has no devices (run it in QEMU: docs/host-mode.md)"));
    }
}
