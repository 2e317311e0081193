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
            if (!DistributorEmulation.IsWord(access)) return DistributorEmulation.ReadAsZero(ref access); // IROUTER/IPRIORITYR: not emulated
            if (DistributorEmulation.SharedRegister(core, offset, ref access) || access.Write) return true;
            int domain = PartitionTable.Cores[core].Domain;
            access.Value = 0;
            if (offset == GicdTyper)
                access.Value = Mmio.Read32(BoardConfig.GicDistributor + GicdTyper) & ~(0x7u << (int)GicdTyperCpuNumberShift);
            else if (offset == GicdPidr2V3) access.Value = GicdPidr2V3Value;
            else if (offset >= GicdIgroupr && offset < GicdIgroupr + 0x80)
                access.Value = DistributorEmulation.OwnedMask(domain, (uint)((offset - GicdIgroupr) / 4) * 32);
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
            if (!DistributorEmulation.IsWord(access) || access.Write && offset < GicrSgiFrame) return DistributorEmulation.ReadAsZero(ref access);
            if (offset >= GicrSgiFrame)
            {
                ulong sgiOffset = offset - GicrSgiFrame;
                if (sgiOffset == GicdIsenabler || sgiOffset == GicdIcenabler)
                {
                    // Bank 0 (SGIs and PPIs) of this vCPU: only its own frame, only allowed PPIs.
                    if (PartitionTable.Cores[core].Vcpu != vcpu) return DistributorEmulation.ReadAsZero(ref access);
                    return DistributorEmulation.SharedRegister(core, sgiOffset, ref access);
                }
                if (!access.Write) access.Value = sgiOffset == GicdIgroupr ? 0xFFFFFFFFu : 0;
                return true;
            }
            access.Value = 0;
            if (offset == GicrTyper) access.Value = Typer(domain, vcpu) & 0xFFFFFFFF;
            else if (offset == GicrTyper + 4) access.Value = Typer(domain, vcpu) >> 32; // ... or in 32-bit halves
            else if (offset == GicrIidr) access.Value = Mmio.Read32(BoardConfig.GicDistributor + GicdIidr);
            else if (offset == GicrPidr2) access.Value = GicdPidr2V3Value;
            return true;
        }

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
