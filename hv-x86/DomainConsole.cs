using Bulkhead.Core;

namespace Bulkhead.X86
{
    /// <summary>A domain's console output, line-buffered and printed as "[name] text".</summary>
    internal static class DomainConsole
    {
        public const int LineCapacity = 200;

        public static void Put(Domain domain, byte value)
        {
            if (value == '\r') return;
            if (value == '\n') { Flush(domain); return; }
            if (value < 0x20 || value >= 0x7F) value = (byte)'.';
            domain.Line[domain.LineLength++] = value;
            if (domain.LineLength == LineCapacity) Flush(domain);
        }

        /// <summary>Prints the pending part of the line (also when the domain stops mid-line).</summary>
        public static void Flush(Domain domain)
        {
            HvConsole<X64Architecture>.Write("[");
            HvConsole<X64Architecture>.Write(domain.Name);
            HvConsole<X64Architecture>.Write("] ");
            for (int i = 0; i < domain.LineLength; i++) X64Architecture.ConsolePut(domain.Line[i]);
            HvConsole<X64Architecture>.Write("\n");
            domain.LineLength = 0;
        }
    }
}
