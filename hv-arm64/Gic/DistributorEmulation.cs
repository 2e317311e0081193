using Bulkhead.Core.Emulation;
using Bulkhead.Core.Partition;
using Bulkhead.Core.Sync;
using Bulkhead.Generated;
using Bulkhead.Runtime;
using static Bulkhead.Arm64.Gic.GicRegisters;

namespace Bulkhead.Arm64.Gic
{
    /// <summary>
    /// The distributor (and on GICv3 the redistributors) a guest sees. They are never mapped into a
    /// domain: every access traps, and the MMIO emulation table hands it to the board's
    /// <see cref="IEmulatedDistributor"/>, which uses the registers both versions share from here.
    /// A domain controls only its own interrupts — SPIs the plan gives it, its vCPUs' virtual
    /// timer, SGIs between its own vCPUs: enable, pending and active state and trigger type go to
    /// the physical GIC for those bits only; priorities are kept per domain (the physical priority
    /// stays the hypervisor's). Everything else reads as zero and ignores writes.
    /// </summary>
    /// <remarks>
    /// Access sizes follow the GIC specifications: IPRIORITYR and ITARGETSR take bytes and words,
    /// GICD_IROUTER and GICR_TYPER doublewords and words, everything else words only. An access of
    /// another size, or one not aligned to its size, reads as zero and ignores writes (RAZ/WI).
    /// </remarks>
    internal static unsafe class DistributorEmulation
    {
        private const uint PriorityBits = 0xF8;     // 5 priority bits, as many as the list registers carry
        private static uint[] s_control = null!;    // per domain: the GICD_CTLR value it wrote
        private static uint[] s_itLines = null!;    // per domain: GICD_TYPER.ITLinesNumber covering its SPIs
        private static byte[] s_priority = null!;   // per domain: IPRIORITYR bytes of INTIDs 32-1019
        private static byte[] s_bankPriority = null!; // per core (= vCPU): IPRIORITYR bytes of INTIDs 0-31
        private static uint s_configLock;           // ICFGR words are shared by 16 interrupts of different owners

        /// <summary>Once, while booting: per-domain state, and every domain's GIC frames in the MMIO table.</summary>
        /// <returns>false when the MMIO table of a domain is full</returns>
        public static bool Initialize(int domainCount)
        {
            s_control = new uint[domainCount];
            s_itLines = new uint[domainCount];
            s_priority = new byte[domainCount * 1024];
            s_bankPriority = new byte[PartitionTable.Cores.Length * 32];
            var plan = PartitionTable.Plan;
            for (uint i = 0; i < plan.InterruptCount; i++)
            {
                var irq = plan.GetInterrupt(i);
                if (irq.Owner < (uint)domainCount && irq.IntId / 32 > s_itLines[irq.Owner]) s_itLines[irq.Owner] = irq.IntId / 32;
            }
            for (int d = 0; d < domainCount; d++)
                if (!EmulatedDistributor.AddRanges(d)) return false;
            return true;
        }

        /// <summary>ICC_SGI1R_EL1 written by a guest (trapped).</summary>
        public static void SgiV3(int core, ulong value) => EmulatedDistributor.SystemRegisterSgi(core, value);

        /// <summary>True for an aligned 32-bit access: the only kind most GIC registers take.</summary>
        public static bool IsWord(in MmioAccess access) => access.Size == 4 && access.Aligned;

        /// <summary>True for an aligned byte or word access (IPRIORITYR, ITARGETSR).</summary>
        public static bool IsByteOrWord(in MmioAccess access) => (access.Size == 1 || access.Size == 4) && access.Aligned;

        /// <summary>Reads as zero, ignores writes.</summary>
        public static bool ReadAsZero(ref MmioAccess access)
        {
            if (!access.Write) access.Value = 0;
            return true;
        }

        /// <summary>GICD_TYPER.ITLinesNumber for the domain: enough 32-interrupt lines for its highest SPI.</summary>
        public static uint ItLines(int domain) => s_itLines[domain];

        /// <summary>
        /// The registers both versions have at the same offsets: GICD_CTLR, GICD_IIDR, and the
        /// per-interrupt banks (of the distributor, or of a GICv3 redistributor's SGI frame for
        /// INTIDs 0-31): enable, pending, active, priority, configuration.
        /// </summary>
        /// <returns>false when <paramref name="offset"/> is none of them</returns>
        public static bool SharedRegister(int core, ulong offset, ref MmioAccess access)
        {
            int domain = PartitionTable.Cores[core].Domain;
            if (offset >= GicdIpriorityr && offset < GicdIpriorityr + 0x400)
                return Priority(core, domain, (uint)(offset - GicdIpriorityr), ref access);
            if (!IsWord(access)) return false;
            if (offset == GicdCtlr)
            {
                if (access.Write) s_control[domain] = (uint)access.Value; else access.Value = s_control[domain];
                return true;
            }
            if (offset == GicdIidr)
            {
                if (!access.Write) access.Value = Mmio.Read32(BoardConfig.GicDistributor + GicdIidr);
                return true;
            }
            if (offset >= GicdIsenabler && offset < GicdIcenabler + 0x80)
            {
                if (access.Write) EnableBits(core, domain, offset, (uint)access.Value); else access.Value = EnabledBits(core, domain, offset);
                return true;
            }
            if (offset >= GicdIspendr && offset < GicdIcactiver + 0x80)
            {
                StateBits(core, domain, offset, ref access);
                return true;
            }
            if (offset >= GicdIcfgr && offset < GicdIcfgr + 0x100)
            {
                Configuration(core, domain, (uint)(offset - GicdIcfgr) / 4, ref access);
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

        /// <summary>The interrupts of a bank the physical GIC holds for the domain (virtual SGIs are not there).</summary>
        private static uint PhysicalMask(int domain, uint first) => OwnedMask(domain, first) & (first == 0 ? ~SgiMask : ~0u);

        private static void EnableBits(int core, int domain, ulong offset, uint bits)
        {
            bool enable = offset < GicdIcenabler;
            uint first = (uint)((offset - (enable ? GicdIsenabler : GicdIcenabler)) / 4) * 32;
            uint allowed = bits & PhysicalMask(domain, first);
            for (uint bit = 0; bit < 32; bit++)
                if ((allowed & (1u << (int)bit)) != 0) PhysicalGic.SetEnabled(core, first + bit, enable);
        }

        private static uint EnabledBits(int core, int domain, ulong offset)
        {
            bool setRegister = offset < GicdIcenabler;
            uint first = (uint)((offset - (setRegister ? GicdIsenabler : GicdIcenabler)) / 4) * 32;
            uint owned = PhysicalMask(domain, first), result = first == 0 ? SgiMask : 0; // virtual SGIs always read as enabled
            for (uint bit = 0; bit < 32; bit++)
                if ((owned & (1u << (int)bit)) != 0 && PhysicalGic.IsEnabled(core, first + bit)) result |= 1u << (int)bit;
            return result;
        }

        /// <summary>
        /// ISPENDR, ICPENDR, ISACTIVER, ICACTIVER: write-one-to-set/clear registers, so the owned
        /// bits go to the physical register as they are (no read-modify-write, no lock); reads show
        /// the physical state of owned interrupts only. SGIs are virtual: read as zero, writes ignored.
        /// </summary>
        private static void StateBits(int core, int domain, ulong offset, ref MmioAccess access)
        {
            uint first = (uint)((offset - GicdIspendr) % 0x80 / 4) * 32;
            uint mask = PhysicalMask(domain, first);
            ulong register = PhysicalGic.RegisterFile(core, first) + offset;
            if (access.Write)
            {
                uint bits = (uint)access.Value & mask;
                if (bits != 0) Mmio.Write32(register, bits);
            }
            else access.Value = mask == 0 ? 0 : Mmio.Read32(register) & mask;
        }

        /// <summary>
        /// ICFGR: two bits per interrupt, bit 1 of each set for edge-triggered. The owned SPIs' fields
        /// go to the physical register (a read-modify-write under a lock: one word holds 16 interrupts
        /// of possibly several domains). SGI and PPI configuration is fixed: reads as zero (level).
        /// </summary>
        private static void Configuration(int core, int domain, uint word, ref MmioAccess access)
        {
            uint first = word * 16;
            uint fields = 0;
            if (first >= FirstSpi)
            {
                uint owned = OwnedMask(domain, first & ~31u) >> (int)(first & 16);
                for (int i = 0; i < 16; i++)
                    if ((owned & (1u << i)) != 0) fields |= 2u << (2 * i);
            }
            if (fields == 0) { ReadAsZero(ref access); return; }
            ulong register = BoardConfig.GicDistributor + GicdIcfgr + 4 * (ulong)word;
            if (!access.Write) { access.Value = Mmio.Read32(register) & fields; return; }
            SpinLock<Arm64Architecture>.Enter(ref s_configLock);
            Mmio.Write32(register, (Mmio.Read32(register) & ~fields) | ((uint)access.Value & fields));
            SpinLock<Arm64Architecture>.Exit(ref s_configLock);
        }

        /// <summary>
        /// IPRIORITYR (bytes or words): kept per domain, never written to the physical GIC (its
        /// priorities order the hypervisor's own interrupts against guests'). Owned interrupts read
        /// back what was written, with the 5 priority bits a list register carries.
        /// </summary>
        private static bool Priority(int core, int domain, uint first, ref MmioAccess access)
        {
            if (!IsByteOrWord(access)) return ReadAsZero(ref access);
            uint owned = OwnedMask(domain, first & ~31u) >> (int)(first & 31);
            uint value = 0;
            for (int i = 0; i < (int)access.Size; i++)
            {
                if ((owned & (1u << i)) == 0) continue;
                ref byte cell = ref PriorityCell(core, domain, first + (uint)i);
                if (access.Write) cell = (byte)((access.Value >> (8 * i)) & PriorityBits);
                else value |= (uint)cell << (8 * i);
            }
            if (!access.Write) access.Value = value;
            return true;
        }

        /// <summary>SGIs and PPIs are banked per vCPU (= per core), SPIs per domain.</summary>
        private static ref byte PriorityCell(int core, int domain, uint intId) =>
            ref intId < FirstSpi ? ref s_bankPriority[core * 32 + (int)intId] : ref s_priority[domain * 1024 + (int)intId];

        /// <summary>
        /// The vCPU of <paramref name="domain"/> an SPI is routed to (read back from the physical
        /// routing), or -1 when it goes to no core of the domain.
        /// </summary>
        public static int RoutedVcpu(int domain, uint intId)
        {
            int target = PhysicalGic.RoutedCore(intId);
            return target >= 0 && PartitionTable.Cores[target].Domain == domain ? PartitionTable.Cores[target].Vcpu : -1;
        }

        /// <summary>Routes an owned SPI to the physical core of vCPU <paramref name="vcpu"/> of the domain; false (and nothing changes) when it has no such vCPU.</summary>
        public static bool RouteToVcpu(int domain, uint intId, int vcpu)
        {
            int target = vcpu < 0 ? -1 : PartitionTable.CoreOf(domain, vcpu);
            if (target < 0) return false;
            PhysicalGic.RouteSpi(intId, target);
            return true;
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
                if (target == core) VirtualInterrupts.InjectCounted(core, sgi);
                else
                {
                    VirtualInterrupts.PostSgis(target, 1UL << (int)sgi);
                    PhysicalGic.SendSgi(target, SgiVirtualSgi);
                }
            }
        }
    }
}
