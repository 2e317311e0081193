using Bulkhead.Runtime;

namespace Bulkhead.Drivers
{
    /// <summary>ARM PL011 UART (QEMU virt, Raspberry Pi 4/5, TI K3 ... when the board says pl011).</summary>
    public struct Pl011 : IConsoleUart
    {
        private const ulong Data = 0x00, Flags = 0x18;
        private const uint TransmitFull = 1 << 5;   // FR.TXFF

        public static void Initialize(ulong baseAddress) { }

        public static void Put(ulong baseAddress, byte value)
        {
            while ((Mmio.Read32(baseAddress + Flags) & TransmitFull) != 0) { }
            Mmio.Write32(baseAddress + Data, value);
        }
    }
}
