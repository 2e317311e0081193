using Bulkhead.Runtime;

namespace Bulkhead.Drivers
{
    /// <summary>How an 8250/16550 is wired to the bus (device tree reg-shift and reg-io-width).</summary>
    public interface IUartRegisterLayout
    {
        /// <summary>log2 of the byte distance between registers: 0 on a PC, 2 on TI K3 and most SoCs.</summary>
        static abstract int RegShift { get; }
        /// <summary>True when registers must be accessed 32 bits wide (reg-io-width 4), else bytewise.</summary>
        static abstract bool WordAccess { get; }
    }

    /// <summary>8250/16550-compatible UART in memory-mapped I/O (TI K3, many SoCs).</summary>
    public struct Ns16550<TLayout> : IConsoleUart where TLayout : struct, IUartRegisterLayout
    {
        private const int TransmitHolding = 0, LineStatus = 5;   // register numbers, before the shift
        private const uint HoldingEmpty = 1 << 5;                // LSR.THRE

        public static void Initialize(ulong baseAddress) { }

        public static void Put(ulong baseAddress, byte value)
        {
            ulong status = baseAddress + ((ulong)LineStatus << TLayout.RegShift);
            ulong data = baseAddress + ((ulong)TransmitHolding << TLayout.RegShift);
            if (TLayout.WordAccess)
            {
                while ((Mmio.Read32(status) & HoldingEmpty) == 0) { }
                Mmio.Write32(data, value);
            }
            else
            {
                while ((Mmio.Read8(status) & HoldingEmpty) == 0) { }
                Mmio.Write8(data, value);
            }
        }
    }
}
