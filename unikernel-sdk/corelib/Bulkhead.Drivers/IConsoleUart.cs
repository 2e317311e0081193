namespace Bulkhead.Drivers
{
    /// <summary>
    /// A console UART, transmit only and polled: one struct per UART kind, chosen at build time
    /// through the generated <c>ConsoleUart</c> alias (BoardSeams.g.cs), so a call costs what the
    /// register accesses cost. The firmware or emulator has set the baud rate; these drivers
    /// make sure the transmitter is on, then only wait for room and write.
    /// </summary>
    public interface IConsoleUart
    {
        /// <summary>Turns the transmitter on where a reset leaves it off (Cadence); once, before the first Put.</summary>
        static abstract void Initialize(ulong baseAddress);

        /// <summary>Sends one byte, waiting while the transmitter has no room.</summary>
        static abstract void Put(ulong baseAddress, byte value);
    }

    /// <summary>Text on any console UART.</summary>
    public static class UartText
    {
        /// <summary>Sends text (ASCII; '\n' becomes "\r\n", other characters '?').</summary>
        public static void Write<TUart>(ulong baseAddress, string text) where TUart : struct, IConsoleUart
        {
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (c == '\n') TUart.Put(baseAddress, (byte)'\r');
                TUart.Put(baseAddress, c < 0x80 ? (byte)c : (byte)'?');
            }
        }
    }
}
