using Bulkhead.Core.Text;

namespace Bulkhead.Core
{
    /// <summary>The hypervisor's own console output (lines it prints under its own name).</summary>
    public static class HvConsole<TArch> where TArch : struct, IArchitecture
    {
        public static void Write(string text)
        {
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (c == '\n') TArch.ConsolePut((byte)'\r');
                TArch.ConsolePut(c < 0x80 ? (byte)c : (byte)'?');
            }
        }

        public static void WriteLine(string text)
        {
            Write(text);
            Write("\n");
        }

        /// <summary>Writes an assembled line and ends it.</summary>
        public static void WriteLine(ref LineBuffer line)
        {
            for (int i = 0; i < line.Length; i++) TArch.ConsolePut(line[i]);
            TArch.ConsolePut((byte)'\r');
            TArch.ConsolePut((byte)'\n');
        }

        /// <summary>Writes "0x" and <paramref name="value"/> in hex, zero-padded to <paramref name="digits"/>.</summary>
        public static void WriteHex(ulong value, int digits)
        {
            TArch.ConsolePut((byte)'0');
            TArch.ConsolePut((byte)'x');
            bool started = false;
            for (int shift = 60; shift >= 0; shift -= 4)
            {
                int digit = (int)((value >> shift) & 0xF);
                if (digit != 0 || shift < digits * 4) started = true;
                if (started) TArch.ConsolePut((byte)(digit < 10 ? '0' + digit : 'a' + digit - 10));
            }
        }
    }
}
