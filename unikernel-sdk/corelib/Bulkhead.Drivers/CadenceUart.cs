using Bulkhead.Runtime;

namespace Bulkhead.Drivers
{
    /// <summary>Cadence UART (Xilinx Zynq and ZynqMP "xlnx,zynqmp-uart", "cdns,uart-r1p12").</summary>
    public struct CadenceUart : IConsoleUart
    {
        private const ulong Control = 0x00, ChannelStatus = 0x2C, Fifo = 0x30;
        private const uint TransmitFull = 1 << 4;                 // SR.TFUL
        private const uint ReceiveEnable = 1 << 2, TransmitEnable = 1 << 4;   // CR.RXEN, CR.TXEN (TXDIS, RXDIS clear)

        /// <summary>Reset leaves TX disabled (CR = 0x128); firmware that printed has enabled it already.</summary>
        public static void Initialize(ulong baseAddress) => Mmio.Write32(baseAddress + Control, ReceiveEnable | TransmitEnable);

        public static void Put(ulong baseAddress, byte value)
        {
            while ((Mmio.Read32(baseAddress + ChannelStatus) & TransmitFull) != 0) { }
            Mmio.Write32(baseAddress + Fifo, value);
        }
    }
}
