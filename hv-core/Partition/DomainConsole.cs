using Bulkhead.Core.Abi;
using Bulkhead.Core.Plan;
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
    /// While a <c>console: exclusive</c> domain runs, the UART is its alone: every other line (the
    /// hypervisor's and other domains') is held in memory (<see cref="HeldCapacity"/> bytes; lines
    /// beyond it are counted as lost) and printed, after a line saying how many, as soon as that
    /// domain has stopped — at the latest at power-off. A PANIC line is the one exception.
    /// </summary>
    public static unsafe class DomainConsole<TArch> where TArch : struct, IArchitecture
    {
        private static uint s_lock;

        /// <summary>Bytes a domain may print at once, and per second after that (a 115200-baud UART moves ~11.5 KB/s in all).</summary>
        public const ulong OutputBurst = 8192, OutputLimit = 4096;

        /// <summary>Bytes of lines held while an exclusive-console domain runs.</summary>
        public const int HeldCapacity = 16384;

        private static Domain[]? s_partition;   // the partition the fields below were set up for
        private static int s_exclusive = -1;    // the domain with console: exclusive, or -1
        private static byte[] s_held = null!;
        private static int s_heldLength, s_heldLines, s_lostLines;

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
            if (domain.History != null)
            {
                for (int i = 0; i < vcpu.LineLength; i++) domain.History.Append(vcpu.Line[i]);
                domain.History.Append((byte)'\n');
            }
            if (Holding())
            {
                if (Reserve(domain.Name.Length + vcpu.LineLength + 3))
                {
                    Keep((byte)'[');
                    Keep(domain.Name);
                    Keep((byte)']');
                    Keep((byte)' ');
                    for (int i = 0; i < vcpu.LineLength; i++) Keep(vcpu.Line[i]);
                    EndHeldLine();
                }
            }
            else
            {
                TArch.ConsolePut((byte)'[');
                HvConsole<TArch>.Write(domain.Name);
                TArch.ConsolePut((byte)']');
                TArch.ConsolePut((byte)' ');
                for (int i = 0; i < vcpu.LineLength; i++) TArch.ConsolePut(vcpu.Line[i]);
                TArch.ConsolePut((byte)'\r');
                TArch.ConsolePut((byte)'\n');
            }
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

        /// <summary>Takes (true) or releases the console lock: readers of a domain's ConsoleHistory hold it.</summary>
        public static void Locked(bool take)
        {
            if (take) SpinLock<TArch>.Enter(ref s_lock);
            else SpinLock<TArch>.Exit(ref s_lock);
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
            if (!Holding()) HvConsole<TArch>.WriteLine(text);
            else if (Reserve(text.Length + 2))
            {
                for (int i = 0; i < text.Length; i++) Keep(text[i] < 0x80 && text[i] != '\n' ? (byte)text[i] : (byte)'?');
                EndHeldLine();
            }
            SpinLock<TArch>.Exit(ref s_lock);
        }

        /// <summary>One whole hypervisor line assembled without allocating.</summary>
        public static void HvLine(ref LineBuffer line)
        {
            SpinLock<TArch>.Enter(ref s_lock);
            if (!Holding()) HvConsole<TArch>.WriteLine(ref line);
            else if (Reserve(line.Length + 2))
            {
                for (int i = 0; i < line.Length; i++) Keep(line[i]);
                EndHeldLine();
            }
            SpinLock<TArch>.Exit(ref s_lock);
        }

        /// <summary>
        /// True while the exclusive-console domain runs (under the lock). When it no longer does, the
        /// held lines are printed first. Set up on the first line of a partition (while booting: the
        /// buffer exists only when some domain takes the console exclusively).
        /// </summary>
        private static bool Holding()
        {
            if (s_partition != PartitionTable.Domains)
            {
                s_partition = PartitionTable.Domains;
                s_exclusive = -1;
                s_heldLength = s_heldLines = s_lostLines = 0;
                for (int d = 0; d < PartitionTable.Domains.Length; d++)
                    if (PartitionTable.Domains[d].Plan.ConsolePolicy == PlanConsolePolicy.Exclusive) s_exclusive = d;
                if (s_exclusive >= 0 && s_held == null) s_held = new byte[HeldCapacity];
            }
            if (s_exclusive < 0) return false;
            if (PartitionTable.Domains[s_exclusive].Status == DomainStatus.Running) return true;
            if (s_heldLines + s_lostLines != 0) Release();
            return false;
        }

        /// <summary>"hv: console free again: N lines held while domain X had it exclusively (M lost)", then those lines.</summary>
        private static void Release()
        {
            LineBuffer line = default;
            line.Append("hv: console free again: ");
            line.AppendDecimal((ulong)s_heldLines);
            line.Append(s_heldLines == 1 ? " line held while domain " : " lines held while domain ");
            line.Append(PartitionTable.Domains[s_exclusive].Name);
            line.Append(" had it exclusively");
            if (s_lostLines != 0)
            {
                line.Append(" (");
                line.AppendDecimal((ulong)s_lostLines);
                line.Append(" more lost: the buffer holds ");
                line.AppendDecimal(HeldCapacity);
                line.Append(" bytes)");
            }
            HvConsole<TArch>.WriteLine(ref line);
            for (int i = 0; i < s_heldLength; i++) TArch.ConsolePut(s_held[i]);
            s_heldLength = s_heldLines = s_lostLines = 0;
        }

        /// <summary>
        /// CONSOLE_READ: the domain that has the console (a console driver domain,
        /// docs/driver-domains.md) takes the held lines - the hypervisor's and what other domains
        /// sent through CONSOLE_WRITE - oldest first, as many bytes as fit, and prints them itself.
        /// Every other domain is denied.
        /// </summary>
        public static long TakeHeld(int domain, byte* destination, ulong capacity, out ulong taken)
        {
            taken = 0;
            SpinLock<TArch>.Enter(ref s_lock);
            bool owner = Holding() && domain == s_exclusive;
            if (owner)
            {
                if (s_heldLength == 0 && s_lostLines != 0) NoteLostLines();
                int n = capacity < (ulong)s_heldLength ? (int)capacity : s_heldLength;
                for (int i = 0; i < n; i++)
                {
                    destination[i] = s_held[i];
                    if (s_held[i] == (byte)'\n') s_heldLines--;
                }
                for (int i = n; i < s_heldLength; i++) s_held[i - n] = s_held[i];
                s_heldLength -= n;
                taken = (ulong)n;
            }
            SpinLock<TArch>.Exit(ref s_lock);
            return owner ? HypercallStatus.Success : HypercallStatus.Denied;
        }

        /// <summary>"hv: N console lines lost (the buffer holds ... bytes)" as a held line of its own, once the buffer is empty.</summary>
        private static void NoteLostLines()
        {
            LineBuffer line = default;
            line.Append("hv: ");
            line.AppendDecimal((ulong)s_lostLines);
            line.Append(s_lostLines == 1 ? " console line lost" : " console lines lost");
            line.Append(" (the held-line buffer holds ");
            line.AppendDecimal(HeldCapacity);
            line.Append(" bytes)");
            s_lostLines = 0;
            for (int i = 0; i < line.Length; i++) Keep(line[i]);
            EndHeldLine();
        }

        /// <summary>Room for a held line of <paramref name="length"/> bytes (and its CR LF); otherwise the line is counted as lost.</summary>
        private static bool Reserve(int length)
        {
            if (s_heldLength + length + 2 <= HeldCapacity) return true;
            s_lostLines++;
            return false;
        }

        private static void Keep(byte value) => s_held[s_heldLength++] = value;

        private static void Keep(string text)
        {
            for (int i = 0; i < text.Length; i++) Keep(text[i] < 0x80 ? (byte)text[i] : (byte)'?');
        }

        private static void EndHeldLine()
        {
            Keep((byte)'\r');
            Keep((byte)'\n');
            s_heldLines++;
        }
    }
}
