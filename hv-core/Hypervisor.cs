using Bulkhead.Core.Partition;
using Bulkhead.Core.Plan;
using Bulkhead.Core.Text;

namespace Bulkhead.Core
{
    /// <summary>
    /// The portable boot flow of the hypervisor, specialized for one architecture: banner, plan
    /// check, board check, partition table, per-domain build, core start, timeline. A backend sets
    /// up memory and the console, then calls <see cref="Boot"/> and <see cref="StartPartition"/>.
    /// </summary>
    public static unsafe class Hypervisor<TArch> where TArch : struct, IArchitecture
    {
        private static ulong s_bannerNs;

        /// <summary>The banner line, also what tests and tools wait for.</summary>
        public static string Banner(in BootInfo info, int cores)
            => string.Concat(
                string.Concat("Bulkhead ", info.Version, " (", TArch.Name),
                string.Concat(") running at ", TArch.PrivilegeLevel, " on board ", info.Board),
                string.Concat(", ", cores.ToString(), cores == 1 ? " core" : " cores"));

        /// <summary>Runs on the boot core once the architecture has set up memory and the console. Returns the core count.</summary>
        public static int Boot(in BootInfo info)
        {
            int cores = TArch.CountCores(info.BoardCores);
            HvConsole<TArch>.WriteLine(Banner(info, cores));
            s_bannerNs = TArch.NowNs;
            return cores;
        }

        /// <summary>
        /// Validates the plan, builds every domain and starts the cores; the boot core then runs its
        /// own vCPU. Does not return. A plan that cannot run here is a PANIC with the reason.
        /// </summary>
        public static void StartPartition(in BootInfo info, int physicalCores, PlanArch arch)
        {
            if (info.PlanSize == 0)
            {
                HvConsole<TArch>.WriteLine("hv: nothing to run, powering off");
                TArch.PowerOff();
            }
            PlanError error = PlanReader.Open(info.Plan, info.PlanSize, out PlanReader plan);
            if (error != PlanError.None) Panic(string.Concat("partition plan rejected: ", PlanErrors.Describe(error)));
            if (!Ascii.FieldEquals(plan.BoardId, PlanFormat.BoardIdLength, info.Board))
                Panic("partition plan rejected: it was made for another board");
            if (plan.Arch != arch) Panic("partition plan rejected: it was made for another architecture");

            string? problem = PartitionTable.Build(plan, info.Images, info.ImageCount, physicalCores);
            if (problem != null) Panic(string.Concat("partition plan rejected: ", problem));

            int domains = (int)plan.DomainCount, cores = PartitionTable.Cores.Length;
            TArch.PreparePartition(domains, cores);
            for (int d = 0; d < domains; d++)
            {
                TArch.BuildAddressSpace(d);
                Describe(d);
                DomainControl<TArch>.Load(d);
            }
            for (int core = 1; core < cores; core++)
            {
                if (PartitionTable.Cores[core].Domain < 0) continue; // unowned cores stay off
                string? why = TArch.StartCore(core);
                if (why != null) DomainConsole<TArch>.HvLine(string.Concat("hv: core ", core.ToString(), " did not start (", why, ")"));
            }
            DomainConsole<TArch>.HvLine(string.Concat(
                string.Concat("hv: boot timeline: banner at ", s_bannerNs.ToString(), " ns"),
                string.Concat(", domains started at ", TArch.NowNs.ToString(), " ns")));
            LineBuffer heap = default; // assembled without allocating, so the figure is final
            heap.Append("hv: heap used after boot: ");
            heap.AppendDecimal(TArch.HeapUsed);
            heap.Append(" bytes");
            DomainConsole<TArch>.HvLine(ref heap);
            TArch.RunCore(0);
        }

        /// <summary>"hv: domain NAME on core(s) N, entry 0x.., image N bytes".</summary>
        private static void Describe(int d)
        {
            ref Domain domain = ref PartitionTable.Domains[d];
            string cores = "";
            for (int c = 0; c < PartitionTable.Cores.Length; c++)
                if (PartitionTable.Cores[c].Domain == d) cores = string.Concat(cores, cores.Length == 0 ? "" : ",", c.ToString());
            ulong loaded = 0; // Linux: kernel, DTB and initramfs come as load records, not as an embedded image
            for (uint i = 0; i < PartitionTable.Plan.LoadCount; i++)
                if (PartitionTable.Plan.GetLoad(i).Domain == (uint)d) loaded += PartitionTable.Plan.GetLoad(i).Size;
            DomainConsole<TArch>.HvLine(string.Concat(
                string.Concat("hv: domain ", domain.Name, cores.Length > 1 ? " on cores " : " on core ", cores),
                string.Concat(", entry 0x", domain.Plan.EntryPoint.ToString("x"), loaded != 0 ? ", staged images " : ", image ", (domain.PayloadSize + loaded).ToString()),
                string.Concat(" bytes", domain.Plan.EntryArgument != 0 ? string.Concat(", x0 0x", domain.Plan.EntryArgument.ToString("x")) : "")));
        }

        /// <summary>Reports an unrecoverable hypervisor error and stops the core.</summary>
        public static void Panic(string message)
        {
            HvConsole<TArch>.WriteLine(string.Concat("PANIC: ", message));
            TArch.Halt();
        }

        /// <summary>Runtime failures (bounds, null, out of memory) inside the hypervisor: the backend's bh_fatal lands here.</summary>
        public static void RuntimeFailure(string message, ulong detail)
        {
            HvConsole<TArch>.Write("PANIC: hypervisor runtime failure: ");
            HvConsole<TArch>.Write(message);
            HvConsole<TArch>.Write(" ");
            HvConsole<TArch>.WriteHex(detail, 1);
            HvConsole<TArch>.WriteLine("");
            TArch.Halt();
        }

        /// <summary>At power-off: the heap only grows while booting; this line lets tests prove it stayed that way.</summary>
        public static void ReportHeapAtPowerOff()
        {
            LineBuffer line = default;
            line.Append("hv: heap used at power-off: ");
            line.AppendDecimal(TArch.HeapUsed);
            line.Append(" bytes");
            HvConsole<TArch>.WriteLine(ref line);
        }
    }
}
