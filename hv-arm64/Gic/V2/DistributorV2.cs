using Bulkhead.Core.Emulation;
using Bulkhead.Core.Partition;
using Bulkhead.Generated;
using Bulkhead.Runtime;
using static Bulkhead.Arm64.Gic.GicRegisters;

namespace Bulkhead.Arm64.Gic
{
    /// <summary>The GICv2 distributor a guest sees: CPU numbers are its vCPU numbers, SGIs go through GICD_SGIR.</summary>
    internal unsafe struct DistributorV2 : IEmulatedDistributor
    {
        public static bool AddRanges(int domain) => MmioTable.Add(domain, BoardConfig.GicDistributor, DistributorSize, &Access);

        private static bool Access(int core, ref MmioAccess access)
        {
            ulong offset = access.Offset;
            if (!DistributorEmulation.IsWord(access)) return DistributorEmulation.ReadAsZero(ref access); // IPRIORITYR/ITARGETSR bytes too: not emulated
            if (DistributorEmulation.SharedRegister(core, offset, ref access)) return true;
            if (access.Write)
            {
                if (offset == GicdSgir) Sgi(core, (uint)access.Value);
                return true;
            }
            access.Value = 0;
            if (offset == GicdTyper)
            {
                uint cpus = (uint)(PartitionTable.Domains[PartitionTable.Cores[core].Domain].VcpuCount - 1);
                access.Value = (Mmio.Read32(BoardConfig.GicDistributor + GicdTyper) & GicdTyperItLines) | cpus << (int)GicdTyperCpuNumberShift;
            }
            else if (offset == GicdPidr2V2) access.Value = GicdPidr2V2Value;
            return true;
        }

        /// <summary>GICD_SGIR: target list = vCPU numbers of the caller's domain.</summary>
        private static void Sgi(int core, uint value)
        {
            uint sgi = value & 0xF;
            uint filter = (value >> 24) & 3;
            uint targets = (value >> 16) & 0xFF;
            int self = PartitionTable.Cores[core].Vcpu;
            if (filter == 1) targets = 0xFFu & ~(1u << self);
            else if (filter == 2) targets = 1u << self;
            DistributorEmulation.SignalVcpus(core, targets, sgi);
        }

        /// <summary>GICv2 guests have no ICC_SGI1R_EL1 (no system register interface): nothing to do.</summary>
        public static void SystemRegisterSgi(int core, ulong value) { }
    }
}
