using Bulkhead.Runtime;

namespace Bulkhead.Drivers
{
    /// <summary>
    /// The BCM2835 auxiliary "mini UART" (Raspberry Pi 3 and 4 GPIO 14/15 console). The board's
    /// base is the UART's own block (AUX + 0x40, e.g. 0x3F215040 on BCM2837), not the AUX block.
    /// </summary>
    public struct Bcm2835MiniUart : IConsoleUart
    {
        private const ulong Io = 0x00, LineStatus = 0x14;
        private const uint TransmitterEmpty = 1 << 5;   // AUX_MU_LSR: room for a byte

        public static void Initialize(ulong baseAddress) { }

        public static void Put(ulong baseAddress, byte value)
        {
            while ((Mmio.Read32(baseAddress + LineStatus) & TransmitterEmpty) == 0) { }
            Mmio.Write32(baseAddress + Io, value);
        }
    }
}
