using Bulkhead.Core.Sync;
using Bulkhead.Core.Text;

namespace Bulkhead.Core.Partition
{
    /// <summary>
    /// Console output of domains, line-buffered per vCPU and printed as "[name] text" so lines of
    /// domains (and of a domain's vCPUs) running at the same time never interleave. The hypervisor's own lines go through
    /// <see cref="HvLine"/>, under the same lock. Each domain has an output budget
    /// (<see cref="OutputLimit"/>): a domain that floods the console loses its own lines — counted
    /// and reported — and cannot hold the shared UART longer than its budget allows.
    /// </summary>
    public static unsafe class DomainConsole<TArch> where TArch : struct, IArchitecture
    {
        private static uint s_lock;

        /// <summary>Bytes a domain may print at once, and per second after that (a 115200-baud UART moves ~11.5 KB/s in all).</summary>
        public const ulong OutputBurst = 8192, OutputLimit = 4096;

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
            ref Domain domain = ref PartitionTable.Domains[vcpu.Domain];
            ulong cost = (ulong)(vcpu.LineLength + domain.Name.Length + 5);
            if (!domain.ConsoleBudget.TryTake(cost, TArch.NowNs, OutputBurst, OutputLimit))
            {
                vcpu.LineLength = 0;
                domain.DroppedLines++; // a lost update between two vCPUs only undercounts the flood
                return;
            }
            if (domain.DroppedLines != 0) ReportDropped(ref domain);
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

        /// <summary>"hv: domain X: N console lines dropped (output limit ...)", before the domain's next line.</summary>
        private static void ReportDropped(ref Domain domain)
        {
            LineBuffer line = default;
            line.Append("hv: domain ");
            line.Append(domain.Name);
            line.Append(": ");
            line.AppendDecimal(domain.DroppedLines);
            line.Append(domain.DroppedLines == 1 ? " console line dropped" : " console lines dropped");
            line.Append(" (output limit ");
            line.AppendDecimal(OutputLimit);
            line.Append(" bytes/s)");
            domain.DroppedLines = 0;
            HvLine(ref line);
        }

        /// <summary>Prints what every vCPU of a domain has pending (before the hypervisor reports on it).</summary>
        public static void FlushDomain(int domain)
        {
            for (int c = 0; c < PartitionTable.Cores.Length; c++)
                if (PartitionTable.Cores[c].Domain == domain && PartitionTable.Cores[c].LineLength > 0)
                    Flush(ref PartitionTable.Cores[c]);
            if (PartitionTable.Domains[domain].DroppedLines != 0) ReportDropped(ref PartitionTable.Domains[domain]);
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
