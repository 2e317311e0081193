using Bulkhead.Core.Emulation;
using Bulkhead.Core.Partition;
using Bulkhead.Generated;
using Bulkhead.Runtime;
using static Bulkhead.Arm64.Gic.GicRegisters;

namespace Bulkhead.Arm64.Gic
{
    /// <summary>
    /// The GICv3 distributor and redistributors a guest sees: affinity routing on, one
    /// redistributor per vCPU (affinity = vCPU number, matching the virtual MPIDR), SGIs through
    /// the trapped ICC_SGI1R_EL1.
    /// </summary>
    internal unsafe struct DistributorV3 : IEmulatedDistributor
    {
        private const ulong Stride = BoardConfig.GicRedistributorStride;

        public static bool AddRanges(int domain)
        {
            ulong redistributors = (ulong)PartitionTable.Domains[domain].VcpuCount * Stride;
            return MmioTable.Add(domain, BoardConfig.GicDistributor, DistributorSize, &Distributor)
                && MmioTable.Add(domain, BoardConfig.GicRedistributors, redistributors, &Redistributor);
        }

        private static bool Distributor(int core, ref MmioAccess access)
        {
            ulong offset = access.Offset;
            if (offset >= GicdIrouter && offset < GicdIrouter + 8 * (1020 - FirstSpi)) return Route(core, offset - GicdIrouter, ref access);
            if (DistributorEmulation.SharedRegister(core, offset, ref access)) return true;
            if (!DistributorEmulation.IsWord(access) || access.Write) return DistributorEmulation.ReadAsZero(ref access);
            int domain = PartitionTable.Cores[core].Domain;
            access.Value = 0;
            if (offset == GicdTyper)
                access.Value = DistributorEmulation.ItLines(domain) | GicdTyperIdBits10 | GicdTyperNo1N; // no LPIs, MBIs, extended SPIs or security states
            else if (offset == GicdPidr2V3) access.Value = GicdPidr2V3Value;
            else if (offset >= GicdIgroupr && offset < GicdIgroupr + 0x80)
                access.Value = DistributorEmulation.OwnedMask(domain, (uint)((offset - GicdIgroupr) / 4) * 32);
            return true;
        }

        /// <summary>
        /// GICD_IROUTER (a doubleword, or its two words): an owned SPI reads as the affinity of the
        /// vCPU it is routed to (Aff0 = vCPU number, as in the virtual MPIDR); a write naming a vCPU
        /// of the domain routes it to that vCPU's core. Writes naming anything else (other
        /// affinities, 1-of-N) change nothing; other SPIs read as zero.
        /// </summary>
        private static bool Route(int core, ulong offset, ref MmioAccess access)
        {
            bool doubleword = access.Size == 8 && access.Aligned;
            if (!doubleword && !DistributorEmulation.IsWord(access)) return DistributorEmulation.ReadAsZero(ref access);
            int domain = PartitionTable.Cores[core].Domain;
            uint intId = FirstSpi + (uint)(offset / 8);
            if (!PartitionTable.OwnsInterrupt(domain, intId)) return DistributorEmulation.ReadAsZero(ref access);
            bool upperHalf = (offset & 4) != 0;
            if (access.Write)
            {
                if (upperHalf) return true;                        // Aff3 of a vCPU is always 0
                ulong route = access.Value & (doubleword ? ~0UL : 0xFFFFFFFFUL);
                if ((route & ~0xFFUL) == 0) DistributorEmulation.RouteToVcpu(domain, intId, (int)route);
                return true;
            }
            int vcpu = DistributorEmulation.RoutedVcpu(domain, intId);
            access.Value = upperHalf || vcpu < 0 ? 0 : (ulong)vcpu;
            return true;
        }

        private static bool Redistributor(int core, ref MmioAccess access)
        {
            int vcpu = (int)(access.Offset / Stride);
            ulong offset = access.Offset % Stride;
            int domain = PartitionTable.Cores[core].Domain;
            if (offset == GicrTyper && access.Size == 8 && !access.Write)
            {
                access.Value = Typer(domain, vcpu); // 64-bit register: read whole ...
                return true;
            }
            if (offset >= GicrSgiFrame)
            {
                // Bank 0 (SGIs and PPIs) of a vCPU: only its own frame, only its own interrupts.
                ulong sgiOffset = offset - GicrSgiFrame;
                if (PartitionTable.Cores[core].Vcpu == vcpu && IsBankZero(sgiOffset) && DistributorEmulation.SharedRegister(core, sgiOffset, ref access))
                    return true;
                if (!DistributorEmulation.IsWord(access) || access.Write) return DistributorEmulation.ReadAsZero(ref access);
                access.Value = sgiOffset == GicdIgroupr ? 0xFFFFFFFFu : 0;
                return true;
            }
            if (!DistributorEmulation.IsWord(access) || access.Write) return DistributorEmulation.ReadAsZero(ref access);
            access.Value = 0;
            if (offset == GicrTyper) access.Value = Typer(domain, vcpu) & 0xFFFFFFFF;
            else if (offset == GicrTyper + 4) access.Value = Typer(domain, vcpu) >> 32; // ... or in 32-bit halves
            else if (offset == GicrIidr) access.Value = Mmio.Read32(BoardConfig.GicDistributor + GicdIidr);
            else if (offset == GicrPidr2) access.Value = GicdPidr2V3Value;
            return true;
        }

        /// <summary>The registers of an SGI frame: bank 0 of the distributor's per-interrupt registers.</summary>
        private static bool IsBankZero(ulong offset) =>
            offset >= GicdIsenabler && offset < GicdIcactiver + 0x80 && offset % 0x80 < 4
            || offset >= GicdIpriorityr && offset < GicdIpriorityr + 32
            || offset == GicdIcfgr || offset == GicdIcfgr + 4;

        /// <summary>GICR_TYPER: Affinity = vCPU index, Processor_Number = vCPU, Last on the domain's last vCPU.</summary>
        private static ulong Typer(int domain, int vcpu)
        {
            ulong typer = ((ulong)vcpu << 32) | ((ulong)vcpu << 8);
            if (vcpu == PartitionTable.Domains[domain].VcpuCount - 1) typer |= GicrTyperLast;
            return typer;
        }

        /// <summary>ICC_SGI1R_EL1: Aff0 target list = vCPU numbers; IRM = every vCPU but the caller.</summary>
        public static void SystemRegisterSgi(int core, ulong value)
        {
            uint sgi = (uint)(value >> 24) & 0xF;
            uint targets = (uint)value & 0xFFFF;
            if ((value & (1UL << 40)) != 0)
                targets = 0xFFFFu & ~(1u << PartitionTable.Cores[core].Vcpu);
            else if (((value >> 16) & 0xFF) != 0 || ((value >> 32) & 0xFF) != 0 || ((value >> 48) & 0xFF) != 0)
                targets = 0; // vCPUs only have Aff0
            DistributorEmulation.SignalVcpus(core, targets, sgi);
        }
    }
}
