using Bulkhead.Core.Sync;

namespace Bulkhead.Core.Partition
{
    /// <summary>
    /// Console output of domains, line-buffered per domain and printed as "[name] text" so lines
    /// of domains running at the same time never interleave. The hypervisor's own lines go through
    /// <see cref="HvLine"/>, under the same lock.
    /// </summary>
    public static unsafe class DomainConsole<TArch> where TArch : struct, IArchitecture
    {
        private static uint s_lock;

        /// <summary>Appends guest bytes; complete lines are printed. Control characters other than '\n' become '.'.</summary>
        public static void Append(ref Domain domain, byte* text, uint length)
        {
            for (uint i = 0; i < length; i++)
            {
                byte b = text[i];
                if (b == (byte)'\n') { Flush(ref domain); continue; }
                if (b == (byte)'\r') continue;
                if (b < 0x20 || b >= 0x7F) b = (byte)'.';
                if (domain.LineLength == PartitionTable.LineCapacity) Flush(ref domain);
                domain.Line[domain.LineLength++] = b;
            }
        }

        /// <summary>Prints the pending partial line (used when a domain stops).</summary>
        public static void Flush(ref Domain domain)
        {
            SpinLock<TArch>.Enter(ref s_lock);
            TArch.ConsolePut((byte)'[');
            HvConsole<TArch>.Write(domain.Name);
            TArch.ConsolePut((byte)']');
            TArch.ConsolePut((byte)' ');
            for (int i = 0; i < domain.LineLength; i++) TArch.ConsolePut(domain.Line[i]);
            TArch.ConsolePut((byte)'\r');
            TArch.ConsolePut((byte)'\n');
            domain.LineLength = 0;
            SpinLock<TArch>.Exit(ref s_lock);
        }

        /// <summary>One whole hypervisor line, never interleaved with domain lines.</summary>
        public static void HvLine(string text)
        {
            SpinLock<TArch>.Enter(ref s_lock);
            HvConsole<TArch>.WriteLine(text);
            SpinLock<TArch>.Exit(ref s_lock);
        }
    }
}
