using Bulkhead.Core.Sync;
using Bulkhead.Core.Text;

namespace Bulkhead.Core.Partition
{
    /// <summary>
    /// Console output of domains, line-buffered per vCPU and printed as "[name] text" so lines of
    /// domains (and of a domain's vCPUs) running at the same time never interleave. The hypervisor's own lines go through
    /// <see cref="HvLine"/>, under the same lock.
    /// </summary>
    public static unsafe class DomainConsole<TArch> where TArch : struct, IArchitecture
    {
        private static uint s_lock;

        /// <summary>Appends guest bytes; complete lines are printed. Control characters other than '\n' become '.'.</summary>
        public static void Append(ref CoreState vcpu, byte* text, uint length)
        {
            for (uint i = 0; i < length; i++)
            {
                byte b = text[i];
                if (b == (byte)'\n') { Flush(ref vcpu); continue; }
                if (b == (byte)'\r') continue;
                if (b < 0x20 || b >= 0x7F) b = (byte)'.';
                if (vcpu.LineLength == PartitionTable.LineCapacity) Flush(ref vcpu);
                vcpu.Line[vcpu.LineLength++] = b;
            }
        }

        /// <summary>Prints the vCPU's pending line (at '\n', when full, or when its domain stops).</summary>
        public static void Flush(ref CoreState vcpu)
        {
            SpinLock<TArch>.Enter(ref s_lock);
            TArch.ConsolePut((byte)'[');
            HvConsole<TArch>.Write(PartitionTable.Domains[vcpu.Domain].Name);
            TArch.ConsolePut((byte)']');
            TArch.ConsolePut((byte)' ');
            for (int i = 0; i < vcpu.LineLength; i++) TArch.ConsolePut(vcpu.Line[i]);
            TArch.ConsolePut((byte)'\r');
            TArch.ConsolePut((byte)'\n');
            vcpu.LineLength = 0;
            SpinLock<TArch>.Exit(ref s_lock);
        }

        /// <summary>Prints what every vCPU of a domain has pending (before the hypervisor reports on it).</summary>
        public static void FlushDomain(int domain)
        {
            for (int c = 0; c < PartitionTable.Cores.Length; c++)
                if (PartitionTable.Cores[c].Domain == domain && PartitionTable.Cores[c].LineLength > 0)
                    Flush(ref PartitionTable.Cores[c]);
        }

        /// <summary>One whole hypervisor line, never interleaved with domain lines.</summary>
        public static void HvLine(string text)
        {
            SpinLock<TArch>.Enter(ref s_lock);
            HvConsole<TArch>.WriteLine(text);
            SpinLock<TArch>.Exit(ref s_lock);
        }

        /// <summary>One whole hypervisor line assembled without allocating.</summary>
        public static void HvLine(ref LineBuffer line)
        {
            SpinLock<TArch>.Enter(ref s_lock);
            HvConsole<TArch>.WriteLine(ref line);
            SpinLock<TArch>.Exit(ref s_lock);
        }
    }
}
