using Bulkhead.Runtime;

namespace Bulkhead.Drivers
{
    /// <summary>
    /// Driver for an ARM PL011 UART (transmit, polled): the hypervisor's console, and a guest's
    /// when the plan passes a PL011 through to it. The firmware or emulator has set the baud rate.
    /// </summary>
    public static class Pl011
    {
        private const ulong Data = 0x00, Flags = 0x18;
        private const uint TransmitFull = 1 << 5;

        /// <summary>Sends one byte, waiting while the transmit FIFO is full.</summary>
        public static void Put(ulong baseAddress, byte value)
        {
            while ((Mmio.Read32(baseAddress + Flags) & TransmitFull) != 0) { }
            Mmio.Write32(baseAddress + Data, value);
        }

        /// <summary>Sends text (ASCII; '\n' becomes "\r\n").</summary>
        public static void Write(ulong baseAddress, string text)
        {
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (c == '\n') Put(baseAddress, (byte)'\r');
                Put(baseAddress, c < 0x80 ? (byte)c : (byte)'?');
            }
        }
    }
}
