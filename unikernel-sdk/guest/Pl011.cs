namespace Bulkhead.Guest
{
    /// <summary>
    /// Driver for an ARM PL011 UART the plan passes through to this domain (transmit, polled).
    /// The firmware or emulator has set the baud rate.
    /// </summary>
    public static class Pl011
    {
        private const ulong Data = 0x00, Flags = 0x18;
        private const uint TransmitFull = 1 << 5;

        /// <summary>Sends one byte, waiting while the transmit FIFO is full.</summary>
        public static void Put(ulong baseAddress, byte value)
        {
            while ((Device.Read32(baseAddress + Flags) & TransmitFull) != 0) { }
            Device.Write32(baseAddress + Data, value);
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
