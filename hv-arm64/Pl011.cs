namespace Bulkhead.Arm64
{
    /// <summary>ARM PL011 UART, transmit only, polled. The firmware or QEMU has already set the baud rate.</summary>
    internal static class Pl011
    {
        public static void Put(ulong baseAddress, byte value)
        {
            while ((Mmio.Read32(baseAddress + Registers.Pl011Flags) & Registers.Pl011FlagTxFull) != 0) { }
            Mmio.Write32(baseAddress + Registers.Pl011Data, value);
        }
    }
}
