using Bulkhead.Core.Abi;
using Bulkhead.Generated;
using Bulkhead.Guest.Platform;

namespace Bulkhead.Guest
{
    /// <summary>
    /// The domain's console: text goes to the hypervisor (CONSOLE_WRITE hypercall), which prints
    /// each complete line prefixed with the domain's name - or, in a system with a console driver
    /// domain, straight to that domain over a ring (ConsoleRing).
    /// </summary>
    public static unsafe class Console
    {
        /// <summary>Writes text (ASCII; other characters become '?').</summary>
        public static void Write(string text)
        {
            // Run without a hypervisor: the board's console UART (ConsoleUart: BoardSeams.g.cs).
            if (GuestConfig.Native) { Drivers.UartText.Write<ConsoleUart>(BoardConfig.UartBase, text); return; }
            if (ConsoleRing.TryWrite(text)) return;
            const int chunk = (int)Hypercall.MaxConsoleWrite;
            byte* buffer = stackalloc byte[chunk];
            int at = 0;
            while (at < text.Length)
            {
                int n = 0;
                while (n < chunk && at < text.Length)
                {
                    char c = text[at++];
                    buffer[n++] = c < 0x80 ? (byte)c : (byte)'?';
                }
                Cpu.Hypercall(Hypercall.ConsoleWrite, (ulong)buffer, (ulong)n, 0, out _);
            }
        }

        /// <summary>Writes text and ends the line.</summary>
        public static void WriteLine(string text)
        {
            Write(text);
            Write("\n");
        }
    }
}
