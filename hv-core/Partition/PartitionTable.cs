using Bulkhead.Core.Plan;

namespace Bulkhead.Core.Partition
{
    /// <summary>
    /// The run-time picture of the partition plan: domains, which core runs which vCPU, and the
    /// ownership questions traps ask ("may this domain touch that?"). Built once at boot; no
    /// allocation afterwards.
    /// </summary>
    public static unsafe class PartitionTable
    {
        public static PlanReader Plan;
        public static Domain[] Domains = null!;
        public static CoreState[] Cores = null!;
        /// <summary>Per core, what the hypercall fast path needs (<see cref="CoreRun"/>).</summary>
        public static CoreRun[] Runs = null!;
        public const int LineCapacity = 160;
        /// <summary>Set once by the core that powers the machine off (two domains may end at once).</summary>
        public static uint PoweringOff;
        /// <summary>Per channel: its doorbell rings against the plan's limit (the bucket lives here, the limit in the plan).</summary>
        public static TokenBucket[] DoorbellBudgets = null!;

        /// <summary>Builds the tables. Returns null, or why the plan cannot run on this machine.</summary>
        /// <param name="images">per domain: start and end address of its embedded image (0, 0 = none)</param>
        public static string? Build(in PlanReader plan, ulong* images, uint imageCount, int physicalCores)
        {
            Plan = plan;
            PoweringOff = 0;
            DoorbellBudgets = new TokenBucket[plan.ChannelCount];
            Hypercalls.Channels.Prepare(plan);
            Domains = new Domain[plan.DomainCount];
            Cores = new CoreState[plan.CoreCount];
            Runs = new CoreRun[plan.CoreCount];
            if ((int)plan.CoreCount > physicalCores)
                return "the plan describes more cores than the machine has";

            for (uint c = 0; c < plan.CoreCount; c++)
            {
                PlanCore core = plan.GetCore(c);
                Cores[c].HardwareId = core.Mpidr;
                Cores[c].Line = new byte[LineCapacity];
                Cores[c].Domain = core.Domain == PlanFormat.NoDomain ? -1 : (int)core.Domain;
                Cores[c].Status = core.Domain == PlanFormat.NoDomain ? VcpuStatus.Unassigned : VcpuStatus.Off;
            }

            for (uint d = 0; d < plan.DomainCount; d++)
            {
                PlanDomain record = plan.GetDomain(d);
                ref Domain domain = ref Domains[d];
                domain.Index = (int)d;
                domain.Name = Ascii.FromField(record.Name, PlanFormat.NameLength);
                domain.Plan = record;
                domain.Status = DomainStatus.Starting;
                // vCPU numbers follow core numbers within the domain: the lowest core is vCPU 0.
                int vcpu = 0;
                for (int c = 0; c < Cores.Length; c++)
                    if (Cores[c].Domain == (int)d) Cores[c].Vcpu = vcpu++;
                domain.VcpuCount = vcpu;
                if (vcpu == 0) return "a domain has no core";
                if (d < imageCount)
                {
                    domain.PayloadAddress = images[2 * d];
                    domain.PayloadSize = images[2 * d + 1] - images[2 * d];
                }
                if ((record.ImageKind == PlanImageKind.File || record.ImageKind == PlanImageKind.Builtin) && domain.PayloadSize == 0)
                    return "a domain's guest image is missing from the hypervisor image";
            }
            // Managed domains keep their recent console lines for their managers (MGMT_CONSOLE).
            for (uint d = 0; d < plan.DomainCount; d++)
                for (uint m = 0; m < plan.DomainCount; m++)
                    if ((plan.GetDomain(m).ManagesMask & (1u << (int)d)) != 0 && Domains[d].History == null)
                        Domains[d].History = new ConsoleHistory();
            return null;
        }

        /// <summary>True when the vCPU on <paramref name="core"/> runs in the current run of a running domain (the ARM64 fast path reads <see cref="CoreRun.LiveDomain"/> instead).</summary>
        public static bool IsCurrentRun(int core)
        {
            ref CoreState state = ref Cores[core];
            if (state.Domain < 0) return false;
            ref Domain domain = ref Domains[state.Domain];
            return domain.Status != DomainStatus.Stopped && state.Status == VcpuStatus.Running && state.RunEpoch == domain.Epoch;
        }

        /// <summary>The physical core running vCPU <paramref name="vcpu"/> of a domain, or -1.</summary>
        public static int CoreOf(int domain, int vcpu)
        {
            for (int c = 0; c < Cores.Length; c++)
                if (Cores[c].Domain == domain && Cores[c].Vcpu == vcpu) return c;
            return -1;
        }

        /// <summary>
        /// True when [address, address + length) lies inside one RAM region of the domain that
        /// grants it every access in <paramref name="access"/> (PlanRegionFlags: what the guest may
        /// do there, so a hypercall that writes for it needs Write, one that reads needs Read).
        /// </summary>
        public static bool OwnsRam(int domain, ulong address, ulong length, uint access)
        {
            PlanDomain d = Domains[domain].Plan;
            for (uint i = 0; i < d.RegionCount; i++)
            {
                PlanRegion r = Plan.GetRegion(d.FirstRegion + i);
                if (r.Kind != PlanRegionKind.Ram || (r.Flags & access) != access) continue;
                ulong size = GuestRam.WindowSize(d.ColorMask, r); // a coloured region's span is larger than what its guest sees
                if (address >= r.Base && length <= size && address - r.Base <= size - length) return true;
            }
            return false;
        }

        /// <summary>True when the plan gives this interrupt (an SPI) to the domain.</summary>
        public static bool OwnsInterrupt(int domain, uint intId)
        {
            PlanDomain d = Domains[domain].Plan;
            for (uint i = 0; i < d.InterruptCount; i++)
                if (Plan.GetInterrupt(d.FirstInterrupt + i).IntId == intId) return true;
            return false;
        }

        /// <summary>The owner of an SPI, or -1.</summary>
        public static int OwnerOfInterrupt(uint intId)
        {
            for (uint i = 0; i < Plan.InterruptCount; i++)
            {
                PlanInterrupt irq = Plan.GetInterrupt(i);
                if (irq.IntId == intId) return (int)irq.Owner;
            }
            return -1;
        }

        public static int RunningDomains
        {
            get
            {
                int n = 0;
                for (int d = 0; d < Domains.Length; d++)
                    if (Domains[d].Status != DomainStatus.Stopped) n++;
                return n;
            }
        }
    }
}
