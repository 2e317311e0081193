namespace Bulkhead.X86
{
    /// <summary>The PC's 16550 UART (COM1) through port I/O, transmit only, polled.</summary>
    internal static class Uart16550
    {
        /// <summary>115200 8N1, FIFOs on, interrupts off (the firmware may have left anything).</summary>
        public static void Initialize(uint port)
        {
            Cpu.OutByte(port + Registers.UartInterruptEnable, 0x00);
            Cpu.OutByte(port + Registers.UartLineControl, 0x80);     // DLAB: divisor follows
            Cpu.OutByte(port + Registers.UartData, 0x01);            // divisor 1 = 115200 baud
            Cpu.OutByte(port + Registers.UartInterruptEnable, 0x00);
            Cpu.OutByte(port + Registers.UartLineControl, 0x03);     // 8 bits, no parity, 1 stop bit
            Cpu.OutByte(port + Registers.UartFifoControl, 0xC7);
            Cpu.OutByte(port + Registers.UartModemControl, 0x03);    // DTR, RTS
        }

        /// <summary>Waits for room in the transmitter (Bochs drops bytes written while it is busy).</summary>
        public static void Put(uint port, byte value)
        {
            while ((Cpu.InByte(port + Registers.UartLineStatus) & Registers.UartLsrThrEmpty) == 0) Cpu.Pause();
            Cpu.OutByte(port + Registers.UartData, value);
        }

        /// <summary>Waits until every byte has left the shift register (before power-off).</summary>
        public static void Drain(uint port)
        {
            for (int i = 0; i < 1000000; i++)
                if ((Cpu.InByte(port + Registers.UartLineStatus) & Registers.UartLsrTransmitterEmpty) != 0) return;
        }
    }
}
