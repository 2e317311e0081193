using Bulkhead.Runtime;
using Bulkhead.Core.Partition;
using static Bulkhead.Arm64.Gic.GicRegisters;

namespace Bulkhead.Arm64.Gic
{
    /// <summary>
    /// The hypervisor's own use of the physical GIC (v2 or v3, from the plan): routing each SPI to the
    /// core of its owner, taking interrupts at EL2, signalling other cores with SGIs.
    /// EOI mode 1 everywhere: the hypervisor drops priority, the guest deactivates (hardware-linked
    /// list registers) or the hypervisor does when it handled the interrupt itself.
    /// </summary>
    internal static class PhysicalGic
    {
        public static int Version;
        public static ulong Distributor, CpuInterface, Redistributors, RedistributorStride, HypInterface;
        private static ulong[] s_redistributor = null!;   // per core: its RD frame (GICv3)

        public static void InitializeDistributor(int coreCount)
        {
            var plan = PartitionTable.Plan;
            Version = plan.GicVersion;
            Distributor = plan.GicDistributor;
            if (Version == 3) { Redistributors = plan.GicCpuOrRedistributor; RedistributorStride = plan.GicRedistributorStride; }
            else { CpuInterface = plan.GicCpuOrRedistributor; HypInterface = plan.GicHypInterface; }
            s_redistributor = new ulong[coreCount];

            Mmio.Write32(Distributor + GicdCtlr, 0);
            for (uint i = 0; i < plan.InterruptCount; i++)
            {
                uint intId = plan.GetInterrupt(i).IntId;
                if (intId < FirstSpi) continue;
                int owner = (int)plan.GetInterrupt(i).Owner;
                int core = PartitionTable.CoreOf(owner, 0);
                Mmio.Write32(Distributor + GicdIcenabler + 4 * (intId / 32), 1u << (int)(intId % 32));
                Mmio.Write8(Distributor + GicdIpriorityr + intId, GuestPriority);
                if (Version == 3)
                {
                    SetBit(Distributor + GicdIgroupr, intId, true);
                    Mmio.Write64(Distributor + GicdIrouter + 8 * (intId - FirstSpi), Affinity(PartitionTable.Cores[core].HardwareId));
                }
                else
                {
                    Mmio.Write8(Distributor + GicdItargetsr + intId, (byte)(1 << core));
                }
            }
            Mmio.Write32(Distributor + GicdCtlr, Version == 3 ? GicdCtlrV3Enable : GicdCtlrV2Enable);
        }

        /// <summary>Per core: wake its redistributor, group SGIs/PPIs, enable the CPU interface in EOI mode 1.</summary>
        public static void InitializeCore(int core, ulong mpidr)
        {
            if (Version == 3)
            {
                ulong rd = FindRedistributor(mpidr);
                s_redistributor[core] = rd;
                Mmio.Write32(rd + GicrWaker, Mmio.Read32(rd + GicrWaker) & ~GicrWakerProcessorSleep);
                while ((Mmio.Read32(rd + GicrWaker) & GicrWakerChildrenAsleep) != 0) { }
                ulong sgi = rd + GicrSgiFrame;
                Mmio.Write32(sgi + GicdIgroupr, 0xFFFFFFFF);
                Mmio.Write32(sgi + GicdIcenabler, 0xFFFF0000); // PPIs off until a guest enables its own
                for (uint i = 0; i < 32; i++) Mmio.Write8(sgi + GicdIpriorityr + i, GuestPriority);
                Mmio.Write32(sgi + GicdIsenabler, HypervisorInterrupts);
                Cpu.WriteIccSreEl2(IccSreEl2Value);
                Cpu.WriteIccPmr(0xFF);
                Cpu.WriteIccCtlr(Cpu.ReadIccCtlr() | IccCtlrEoiMode);
                Cpu.WriteIccIgrpen1(1);
            }
            else
            {
                Mmio.Write32(Distributor + GicdIcenabler, 0xFFFF0000);
                for (uint i = 0; i < 32; i++) Mmio.Write8(Distributor + GicdIpriorityr + i, GuestPriority);
                Mmio.Write32(Distributor + GicdIsenabler, HypervisorInterrupts);
                Mmio.Write32(CpuInterface + GiccPmr, 0xFF);
                Mmio.Write32(CpuInterface + GiccCtlr, GiccCtlrEnable | GiccCtlrEoiModeNs);
            }
        }

        /// <summary>The SGIs and PPIs the hypervisor itself uses on every core (its SGIs, the maintenance interrupt).</summary>
        private static uint HypervisorInterrupts =>
            (1u << (int)SgiCheckIn) | (1u << (int)SgiVirtualSgi) | (1u << (int)(PartitionTable.Plan.MaintenanceIntId & 31));

        /// <summary>Acknowledges the highest-priority pending interrupt; returns the raw value (INTID in the low bits).</summary>
        public static uint Acknowledge() => Version == 3 ? (uint)Cpu.ReadIccIar1() : Mmio.Read32(CpuInterface + GiccIar);

        public static uint IntIdOf(uint raw) => Version == 3 ? raw & 0xFFFFFF : raw & 0x3FF;

        /// <summary>Priority drop: the core may take other interrupts; the interrupt stays active.</summary>
        public static void PriorityDrop(uint raw)
        {
            if (Version == 3) Cpu.WriteIccEoir1(raw); else Mmio.Write32(CpuInterface + GiccEoir, raw);
        }

        /// <summary>Deactivation, for interrupts the hypervisor handled itself.</summary>
        public static void Deactivate(uint raw)
        {
            if (Version == 3) Cpu.WriteIccDir(raw); else Mmio.Write32(CpuInterface + GiccDir, raw);
        }

        public static void SendSgi(int core, uint sgi)
        {
            ulong mpidr = PartitionTable.Cores[core].HardwareId;
            if (Version == 3)
            {
                ulong value = (mpidr & 0xFF) < 16 ? (1UL << (int)(mpidr & 0xF)) : 0;
                value |= ((mpidr >> 8) & 0xFF) << 16 | ((mpidr >> 16) & 0xFF) << 32 | ((mpidr >> 32) & 0xFF) << 48;
                value |= (ulong)sgi << 24;
                Cpu.WriteIccSgi1r(value);
            }
            else
            {
                Mmio.Write32(Distributor + GicdSgir, (1u << (16 + core)) | sgi);
            }
        }

        /// <summary>Enables or disables an SPI (any core) or a PPI/SGI of the calling core.</summary>
        public static void SetEnabled(int core, uint intId, bool on)
        {
            ulong offset = (on ? GicdIsenabler : GicdIcenabler) + 4 * (intId / 32);
            ulong bank = Version == 3 && intId < FirstSpi ? s_redistributor[core] + GicrSgiFrame : Distributor;
            Mmio.Write32(bank + offset, 1u << (int)(intId % 32));
        }

        /// <summary>Makes an SPI pending (a channel doorbell): the GIC delivers it to the core it is routed to.</summary>
        public static void SetPending(uint intId)
        {
            if (intId >= FirstSpi) Mmio.Write32(Distributor + GicdIspendr + 4 * (intId / 32), 1u << (int)(intId % 32));
        }

        /// <summary>
        /// Clears the active state of an interrupt a guest never deactivated (it stopped or was
        /// restarted inside its handler); otherwise the interrupt would never fire again.
        /// </summary>
        public static void ClearActive(int core, uint intId)
        {
            ulong bank = Version == 3 && intId < FirstSpi ? s_redistributor[core] + GicrSgiFrame : Distributor;
            Mmio.Write32(bank + GicdIcactiver + 4 * (intId / 32), 1u << (int)(intId % 32));
        }

        public static bool IsEnabled(int core, uint intId)
        {
            ulong bank = Version == 3 && intId < FirstSpi ? s_redistributor[core] + GicrSgiFrame : Distributor;
            return (Mmio.Read32(bank + GicdIsenabler + 4 * (intId / 32)) & (1u << (int)(intId % 32))) != 0;
        }

        private static void SetBit(ulong register, uint intId, bool on)
        {
            ulong address = register + 4 * (intId / 32);
            uint bit = 1u << (int)(intId % 32);
            uint value = Mmio.Read32(address);
            Mmio.Write32(address, on ? value | bit : value & ~bit);
        }

        private static ulong Affinity(ulong mpidr) => (mpidr & 0xFFFFFF) | ((mpidr >> 32) & 0xFF) << 32;

        private static ulong FindRedistributor(ulong mpidr)
        {
            ulong wanted = (mpidr & 0xFFFFFF) | (((mpidr >> 32) & 0xFF) << 24);
            for (ulong frame = Redistributors; ; frame += RedistributorStride)
            {
                ulong typer = Mmio.Read64(frame + GicrTyper);
                if ((typer >> 32) == wanted) return frame;
                if ((typer & GicrTyperLast) != 0) return Redistributors; // not found: misdescribed board
            }
        }
    }
}
