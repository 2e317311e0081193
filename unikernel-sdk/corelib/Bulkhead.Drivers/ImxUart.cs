using Bulkhead.Runtime;

namespace Bulkhead.Drivers
{
    /// <summary>
    /// NXP i.MX UART ("fsl,imx21-uart" family: i.MX6/7/8M, the console of the i.MX 8M Plus EVK), not
    /// the LPUART: transmit through UTXD, room shown by the test register's TXFULL bit.
    /// </summary>
    public struct ImxUart : IConsoleUart
    {
        private const ulong TransmitData = 0x40, Test = 0xB4;   // UTXD, UTS
        private const uint TransmitFull = 1u << 4;               // UTS.TXFULL: the 32-byte FIFO is full

        public static void Initialize(ulong baseAddress) { }

        public static void Put(ulong baseAddress, byte value)
        {
            while ((Mmio.Read32(baseAddress + Test) & TransmitFull) != 0) { }
            Mmio.Write32(baseAddress + TransmitData, value);
        }
    }
}
