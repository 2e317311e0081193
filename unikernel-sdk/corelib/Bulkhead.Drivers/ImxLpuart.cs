using Bulkhead.Runtime;

namespace Bulkhead.Drivers
{
    /// <summary>
    /// NXP i.MX low-power UART (i.MX8QM/QXP/8ULP "fsl,imx8qm-lpuart", 32-bit registers). DATA is
    /// the only writable transmit register: the others are status or read-only.
    /// </summary>
    public struct ImxLpuart : IConsoleUart
    {
        private const ulong Status = 0x14, Data = 0x1C;
        private const uint TransmitEmpty = 1u << 23;   // STAT.TDRE: room in the transmit buffer

        public static void Initialize(ulong baseAddress) { }

        public static void Put(ulong baseAddress, byte value)
        {
            while ((Mmio.Read32(baseAddress + Status) & TransmitEmpty) == 0) { }
            Mmio.Write32(baseAddress + Data, value);
        }
    }
}
