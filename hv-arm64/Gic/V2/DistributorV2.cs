using Bulkhead.Core.Emulation;
using Bulkhead.Core.Partition;
using Bulkhead.Generated;
using Bulkhead.Runtime;
using static Bulkhead.Arm64.Gic.GicRegisters;

namespace Bulkhead.Arm64.Gic
{
    /// <summary>
    /// The GICv2 distributor a guest sees: CPU interface numbers are its vCPU numbers (ITARGETSR,
    /// GICD_SGIR target lists), SGIs go through GICD_SGIR, owned SPIs are retargeted through ITARGETSR.
    /// </summary>
    internal unsafe struct DistributorV2 : IEmulatedDistributor
    {
        public static bool AddRanges(int domain) => MmioTable.Add(domain, BoardConfig.GicDistributor, DistributorSize, &Access);

        private static bool Access(int core, ref MmioAccess access)
        {
            ulong offset = access.Offset;
            if (offset >= GicdItargetsr && offset < GicdItargetsr + 0x400) return Targets(core, (uint)(offset - GicdItargetsr), ref access);
            if (DistributorEmulation.SharedRegister(core, offset, ref access)) return true;
            if (!DistributorEmulation.IsWord(access)) return DistributorEmulation.ReadAsZero(ref access);
            if (access.Write)
            {
                if (offset == GicdSgir) Sgi(core, (uint)access.Value);
                return true;
            }
            int domain = PartitionTable.Cores[core].Domain;
            access.Value = 0;
            if (offset == GicdTyper)
            {
                // ITLinesNumber covers the domain's own SPIs; CPUNumber = its vCPUs; no security extensions.
                uint cpus = (uint)(PartitionTable.Domains[domain].VcpuCount - 1);
                access.Value = DistributorEmulation.ItLines(domain) | cpus << (int)GicdTyperCpuNumberShift;
            }
            else if (offset == GicdPidr2V2) access.Value = GicdPidr2V2Value;
            return true;
        }

        /// <summary>
        /// GICD_ITARGETSR (bytes or words). INTIDs 0-31 read as the reading vCPU's own bit (how Linux
        /// finds its CPU interface number); an owned SPI reads as the bit of the vCPU it is routed to,
        /// and a write routes it to the core of the lowest vCPU named that the domain has (a write
        /// naming none changes nothing). Other SPIs read as zero and ignore writes.
        /// </summary>
        private static bool Targets(int core, uint first, ref MmioAccess access)
        {
            if (!DistributorEmulation.IsByteOrWord(access)) return DistributorEmulation.ReadAsZero(ref access);
            ref CoreState vcpu = ref PartitionTable.Cores[core];
            uint value = 0;
            if (first < FirstSpi)
            {
                for (int i = 0; i < (int)access.Size; i++) value |= (1u << vcpu.Vcpu) << (8 * i);
                if (!access.Write) access.Value = value;
                return true;
            }
            uint owned = DistributorEmulation.OwnedMask(vcpu.Domain, first & ~31u) >> (int)(first & 31);
            for (int i = 0; i < (int)access.Size; i++)
            {
                if ((owned & (1u << i)) == 0) continue;
                uint intId = first + (uint)i;
                if (access.Write)
                {
                    uint named = (uint)(access.Value >> (8 * i)) & 0xFF;
                    for (int target = 0; target < 8; target++)
                        if ((named & (1u << target)) != 0 && DistributorEmulation.RouteToVcpu(vcpu.Domain, intId, target)) break;
                }
                else
                {
                    int routed = DistributorEmulation.RoutedVcpu(vcpu.Domain, intId);
                    if (routed >= 0 && routed < 8) value |= (1u << routed) << (8 * i);
                }
            }
            if (!access.Write) access.Value = value;
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
