using Bulkhead.Runtime;
using Bulkhead.Core.Partition;
using static Bulkhead.Arm64.Gic.GicRegisters;

namespace Bulkhead.Arm64.Gic
{
    /// <summary>
    /// The distributor (and on GICv3 the redistributors) a guest sees. They are never mapped into a
    /// domain: every access traps and lands here, so a domain can only enable, disable and signal
    /// its own interrupts — SPIs the plan gives it, its vCPUs' virtual timer, SGIs between its own
    /// vCPUs. Everything else reads as zero and ignores writes.
    /// </summary>
    internal static class DistributorEmulation
    {
        private const ulong DistributorSize = 0x10000;
        private static uint[] s_control = null!; // per domain: the GICD_CTLR value it wrote

        public static void Initialize(int domainCount) => s_control = new uint[domainCount];

        /// <summary>True when the intermediate physical address is an emulated GIC register of this domain.</summary>
        public static bool Claims(int domain, ulong ipa)
        {
            if (ipa - PhysicalGic.Distributor < DistributorSize) return true;
            if (PhysicalGic.Version != 3) return false;
            ulong span = (ulong)PartitionTable.Domains[domain].VcpuCount * PhysicalGic.RedistributorStride;
            return ipa - PhysicalGic.Redistributors < span;
        }

        /// <summary>Performs one emulated access from the guest on <paramref name="core"/>.</summary>
        public static void Access(int core, ulong ipa, bool write, ref ulong value)
        {
            int domain = PartitionTable.Cores[core].Domain;
            if (ipa - PhysicalGic.Distributor < DistributorSize)
                Distributor(core, domain, ipa - PhysicalGic.Distributor, write, ref value);
            else
            {
                ulong offset = ipa - PhysicalGic.Redistributors;
                int vcpu = (int)(offset / PhysicalGic.RedistributorStride);
                Redistributor(core, domain, vcpu, offset % PhysicalGic.RedistributorStride, write, ref value);
            }
        }

        private static void Distributor(int core, int domain, ulong offset, bool write, ref ulong value)
        {
            if (offset == GicdCtlr) { if (write) s_control[domain] = (uint)value; else value = s_control[domain]; return; }
            if (write)
            {
                if (offset >= GicdIsenabler && offset < GicdIcenabler + 0x80) EnableBits(core, domain, offset, (uint)value);
                else if (offset == GicdSgir && PhysicalGic.Version == 2) SgiV2(core, domain, (uint)value);
                return;
            }
            value = 0;
            if (offset == GicdTyper)
            {
                uint typer = Mmio.Read32(PhysicalGic.Distributor + GicdTyper) & 0x1F;  // ITLinesNumber
                if (PhysicalGic.Version == 2) typer |= (uint)(PartitionTable.Domains[domain].VcpuCount - 1) << 5;
                else typer |= Mmio.Read32(PhysicalGic.Distributor + GicdTyper) & 0xFFFFFF00 & ~(0x7u << 5);
                value = typer;
            }
            else if (offset == GicdIidr) value = Mmio.Read32(PhysicalGic.Distributor + GicdIidr);
            else if (offset == (PhysicalGic.Version == 3 ? GicdPidr2V3 : GicdPidr2V2)) value = PhysicalGic.Version == 3 ? 0x3Bu : 0x2Bu;
            else if (offset >= GicdIsenabler && offset < GicdIcenabler + 0x80) value = EnabledBits(core, domain, offset);
            else if (offset >= GicdIgroupr && offset < GicdIgroupr + 0x80 && PhysicalGic.Version == 3) value = OwnedMask(domain, (uint)((offset - GicdIgroupr) / 4) * 32);
        }

        private static void Redistributor(int core, int domain, int vcpu, ulong offset, bool write, ref ulong value)
        {
            bool ownFrame = PartitionTable.Cores[core].Vcpu == vcpu;
            if (offset >= GicrSgiFrame)
            {
                ulong sgiOffset = offset - GicrSgiFrame;
                if (sgiOffset >= GicdIsenabler && sgiOffset < GicdIcenabler + 4)
                {
                    // Bank 0 (SGIs and PPIs) of this vCPU: only its own frame, only allowed PPIs.
                    if (!ownFrame) { if (!write) value = 0; return; }
                    if (write) EnableBits(core, domain, sgiOffset, (uint)value); else value = EnabledBits(core, domain, sgiOffset);
                }
                else if (!write) value = sgiOffset == GicdIgroupr ? 0xFFFFFFFFu : 0;
                return;
            }
            if (write) return;
            value = 0;
            if (offset == GicrTyper)
            {
                // Affinity = vCPU index (matches the virtual MPIDR), Processor_Number = vCPU, Last on the last vCPU.
                ulong typer = ((ulong)vcpu << 32) | ((ulong)vcpu << 8);
                if (vcpu == PartitionTable.Domains[domain].VcpuCount - 1) typer |= GicrTyperLast;
                value = typer;
            }
            else if (offset == GicrTyper + 4) value = (ulong)vcpu; // upper half read on its own
            else if (offset == GicrIidr) value = Mmio.Read32(PhysicalGic.Distributor + GicdIidr);
            else if (offset == GicrPidr2) value = 0x3B;
        }

        /// <summary>Which interrupts in the 32-bit bank starting at <paramref name="first"/> the domain may control.</summary>
        private static uint OwnedMask(int domain, uint first)
        {
            if (first == 0) return 0xFFFFu | (1u << (int)PartitionTable.Plan.VirtTimerIntId); // SGIs (virtual) + virtual timer
            uint mask = 0;
            for (uint bit = 0; bit < 32; bit++)
                if (PartitionTable.OwnsInterrupt(domain, first + bit)) mask |= 1u << (int)bit;
            return mask;
        }

        private static void EnableBits(int core, int domain, ulong offset, uint bits)
        {
            bool enable = offset < GicdIcenabler;
            uint first = (uint)((offset - (enable ? GicdIsenabler : GicdIcenabler)) / 4) * 32;
            uint allowed = bits & OwnedMask(domain, first);
            if (first == 0) allowed &= ~0xFFFFu; // virtual SGIs need no physical enable
            for (uint bit = 0; bit < 32; bit++)
                if ((allowed & (1u << (int)bit)) != 0) PhysicalGic.SetEnabled(core, first + bit, enable);
        }

        private static uint EnabledBits(int core, int domain, ulong offset)
        {
            bool setRegister = offset < GicdIcenabler;
            uint first = (uint)((offset - (setRegister ? GicdIsenabler : GicdIcenabler)) / 4) * 32;
            uint owned = OwnedMask(domain, first), result = 0;
            if (first == 0) { owned &= ~0xFFFFu; result = 0xFFFFu; } // virtual SGIs always read as enabled
            for (uint bit = 0; bit < 32; bit++)
                if ((owned & (1u << (int)bit)) != 0 && PhysicalGic.IsEnabled(core, first + bit)) result |= 1u << (int)bit;
            return result;
        }

        /// <summary>GICD_SGIR (GICv2): target list = vCPU numbers of the caller's domain.</summary>
        private static void SgiV2(int core, int domain, uint value)
        {
            uint sgi = value & 0xF;
            uint filter = (value >> 24) & 3;
            uint targets = (value >> 16) & 0xFF;
            int self = PartitionTable.Cores[core].Vcpu;
            if (filter == 1) targets = 0xFFu & ~(1u << self);
            else if (filter == 2) targets = 1u << self;
            SignalVcpus(core, domain, targets, sgi);
        }

        /// <summary>ICC_SGI1R_EL1 written by a GICv3 guest (trapped): Aff0 target list = vCPU numbers.</summary>
        public static void SgiV3(int core, ulong value)
        {
            int domain = PartitionTable.Cores[core].Domain;
            uint sgi = (uint)(value >> 24) & 0xF;
            uint targets = (uint)value & 0xFFFF;
            if ((value & (1UL << 40)) != 0) // IRM: every vCPU but the caller
                targets = 0xFFFFu & ~(1u << PartitionTable.Cores[core].Vcpu);
            else if (((value >> 16) & 0xFF) != 0 || ((value >> 32) & 0xFF) != 0 || ((value >> 48) & 0xFF) != 0)
                targets = 0; // vCPUs only have Aff0
            SignalVcpus(core, domain, targets, sgi);
        }

        private static void SignalVcpus(int core, int domain, uint targets, uint sgi)
        {
            for (int vcpu = 0; vcpu < 16; vcpu++)
            {
                if ((targets & (1u << vcpu)) == 0) continue;
                int target = PartitionTable.CoreOf(domain, vcpu);
                if (target < 0) continue;
                if (target == core) VirtualInterrupts.Inject(core, sgi, hardware: false);
                else
                {
                    VirtualInterrupts.PostSgis(target, 1UL << (int)sgi);
                    PhysicalGic.SendSgi(target, SgiVirtualSgi);
                }
            }
        }
    }
}
