using Bulkhead.Core.Emulation;
using Bulkhead.Core.Partition;
using Bulkhead.Generated;
using static Bulkhead.Arm64.Gic.GicRegisters;

namespace Bulkhead.Arm64.Gic
{
    /// <summary>
    /// The distributor (and on GICv3 the redistributors) a guest sees. They are never mapped into a
    /// domain: every access traps, and the MMIO emulation table hands it to the board's
    /// <see cref="IEmulatedDistributor"/>, which uses the registers both versions share from here.
    /// A domain can only enable, disable and signal its own interrupts — SPIs the plan gives it,
    /// its vCPUs' virtual timer, SGIs between its own vCPUs. Everything else reads as zero and
    /// ignores writes.
    /// </summary>
    /// <remarks>
    /// Access sizes follow the GIC specifications: IPRIORITYR and ITARGETSR take bytes and words,
    /// GICD_IROUTER and GICR_TYPER doublewords and words, everything else words only. An access of
    /// another size, or one not aligned to its size, reads as zero and ignores writes (RAZ/WI).
    /// </remarks>
    internal static unsafe class DistributorEmulation
    {
        private static uint[] s_control = null!; // per domain: the GICD_CTLR value it wrote

        /// <summary>Once, while booting: per-domain state, and every domain's GIC frames in the MMIO table.</summary>
        /// <returns>false when the MMIO table of a domain is full</returns>
        public static bool Initialize(int domainCount)
        {
            s_control = new uint[domainCount];
            for (int d = 0; d < domainCount; d++)
                if (!EmulatedDistributor.AddRanges(d)) return false;
            return true;
        }

        /// <summary>ICC_SGI1R_EL1 written by a guest (trapped).</summary>
        public static void SgiV3(int core, ulong value) => EmulatedDistributor.SystemRegisterSgi(core, value);

        /// <summary>True for an aligned 32-bit access: the only kind most GIC registers take.</summary>
        public static bool IsWord(in MmioAccess access) => access.Size == 4 && access.Aligned;

        /// <summary>Reads as zero, ignores writes.</summary>
        public static bool ReadAsZero(ref MmioAccess access)
        {
            if (!access.Write) access.Value = 0;
            return true;
        }

        /// <summary>
        /// The word registers both versions have at the same offsets: GICD_CTLR, GICD_IIDR and the
        /// enable banks (of the distributor, or bank 0 of a GICv3 redistributor's SGI frame).
        /// </summary>
        /// <returns>false when <paramref name="offset"/> is none of them</returns>
        public static bool SharedRegister(int core, ulong offset, ref MmioAccess access)
        {
            int domain = PartitionTable.Cores[core].Domain;
            if (offset == GicdCtlr)
            {
                if (access.Write) s_control[domain] = (uint)access.Value; else access.Value = s_control[domain];
                return true;
            }
            if (offset == GicdIidr)
            {
                if (!access.Write) access.Value = Bulkhead.Runtime.Mmio.Read32(BoardConfig.GicDistributor + GicdIidr);
                return true;
            }
            if (offset >= GicdIsenabler && offset < GicdIcenabler + 0x80)
            {
                if (access.Write) EnableBits(core, domain, offset, (uint)access.Value); else access.Value = EnabledBits(core, domain, offset);
                return true;
            }
            return false;
        }

        /// <summary>Which interrupts in the 32-bit bank starting at <paramref name="first"/> the domain may control.</summary>
        public static uint OwnedMask(int domain, uint first)
        {
            if (first == 0) return SgiMask | (1u << (int)BoardConfig.VirtTimerIntId); // SGIs (virtual) + virtual timer
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
            if (first == 0) allowed &= ~SgiMask; // virtual SGIs need no physical enable
            for (uint bit = 0; bit < 32; bit++)
                if ((allowed & (1u << (int)bit)) != 0) PhysicalGic.SetEnabled(core, first + bit, enable);
        }

        private static uint EnabledBits(int core, int domain, ulong offset)
        {
            bool setRegister = offset < GicdIcenabler;
            uint first = (uint)((offset - (setRegister ? GicdIsenabler : GicdIcenabler)) / 4) * 32;
            uint owned = OwnedMask(domain, first), result = 0;
            if (first == 0) { owned &= ~SgiMask; result = SgiMask; } // virtual SGIs always read as enabled
            for (uint bit = 0; bit < 32; bit++)
                if ((owned & (1u << (int)bit)) != 0 && PhysicalGic.IsEnabled(core, first + bit)) result |= 1u << (int)bit;
            return result;
        }

        /// <summary>Makes SGI <paramref name="sgi"/> pending on the vCPUs of the caller's domain in <paramref name="targets"/> (bit n = vCPU n).</summary>
        public static void SignalVcpus(int core, uint targets, uint sgi)
        {
            int domain = PartitionTable.Cores[core].Domain;
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
