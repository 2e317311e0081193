using Bulkhead.Core.Partition;
using Bulkhead.Generated;
using Bulkhead.Runtime;
using static Bulkhead.Arm64.Gic.GicRegisters;

namespace Bulkhead.Arm64.Gic
{
    /// <summary>
    /// A core whose domain takes its interrupts directly (plan flag DirectInterrupts,
    /// docs/direct-interrupts.md). While its guest runs, HCR_EL2.IMO is clear: Group 1 interrupts
    /// (the guest's virtual timer, its SPIs and doorbells) are taken at EL1 and acknowledged and
    /// ended by the guest in the physical CPU interface (ICC_IAR1/EOIR1). The hypervisor's own
    /// interrupts on that core (its SGIs, the maintenance interrupt, its EL2 timer for the
    /// watchdog) are Group 0 at a higher priority, and FMO stays set: they are FIQs taken at EL2
    /// whatever the guest masks. FMO set also keeps the CPU interface's shared registers (PMR,
    /// CTLR, DIR, RPR) virtual and traps SGI generation, so the guest cannot mask Group 0 or send
    /// a physical SGI. GICv3 with one security state only (GICD_CTLR.DS = 1: Group 0 is then the
    /// Non-secure hypervisor's to use); the checker refuses other boards (BH122), the boot checks DS.
    /// The direct configuration holds only while the guest runs: parking or re-entering a core
    /// (Vcpu.QuiesceGuestState) restores the ordinary one and clears what the guest left.
    /// </summary>
    internal static class DirectCore
    {
        /// <summary>Above <see cref="GuestPriority"/>: a guest inside its handler does not hold them off.</summary>
        public const byte HypervisorPriority = 0x80;

        /// <summary>The SGIs and PPIs the hypervisor keeps on a direct core: Group 0.</summary>
        public const uint Group0 = HypervisorInterrupts | (1u << (int)(BoardConfig.HypTimerIntId & 31));

        private const uint GicdCtlrDs = 1u << 6;

        /// <summary>At boot when a domain asks for direct interrupts: null when this GIC can keep them apart, else why not.</summary>
        public static string? Unsupported()
        {
            if (BoardConfig.GicRedistributors == 0) return "direct interrupts need a GICv3 (plan flag on a board without one)";
            if ((Mmio.Read32(BoardConfig.GicDistributor + GicdCtlr) & GicdCtlrDs) == 0)
                return "direct interrupts need a GICv3 with one security state (GICD_CTLR.DS = 1): Group 0 belongs to the secure firmware here";
            return null;
        }

        /// <summary>Just before entering a direct guest on this core.</summary>
        public static void Enter(int core)
        {
            ulong bank = PhysicalGicV3.RegisterFile(core, 0);
            for (int i = 0; i < 32; i++)
                if ((Group0 & (1u << i)) != 0) Mmio.Write8(bank + GicdIpriorityr + (ulong)i, HypervisorPriority);
            Mmio.Write32(bank + GicdIgroupr, ~Group0);
            // EOI mode 0: the guest's EOIR1 also deactivates (its DIR reaches the virtual interface, FMO).
            Cpu.WriteIccCtlr(Cpu.ReadIccCtlr() & ~IccCtlrEoiMode);
            Cpu.WriteIccIgrpen0(1);
        }

        /// <summary>
        /// Back to the ordinary configuration (every core's guest left: park, stop, restart, fault):
        /// the Group 1 state the guest could write physically (active priorities of a handler it
        /// never finished or wrote itself, binary point, group enable) is reset.
        /// </summary>
        public static void Leave(int core)
        {
            Cpu.WriteIccAp1r0(0);
            Cpu.WriteIccBpr1(0);
            Cpu.WriteIccIgrpen1(1);
            ulong bank = PhysicalGicV3.RegisterFile(core, 0);
            Mmio.Write32(bank + GicdIgroupr, 0xFFFFFFFF);
            for (int i = 0; i < 32; i++)
                if ((Group0 & (1u << i)) != 0) Mmio.Write8(bank + GicdIpriorityr + (ulong)i, GuestPriority);
            Cpu.WriteIccCtlr(Cpu.ReadIccCtlr() | IccCtlrEoiMode);
        }

        /// <summary>A Group 0 interrupt (FIQ) while the direct guest ran. Returns true when the core must check in.</summary>
        public static bool HandleFiq(int core)
        {
            uint raw = (uint)Cpu.ReadIccIar0();
            uint intId = raw & 0xFFFFFF;
            if (intId >= Spurious) return false;
            Cpu.WriteIccEoir0(raw); // EOI mode 0: drop and deactivate
            if (intId == SgiCheckIn) return true;
            if (intId == BoardConfig.HypTimerIntId) return WatchdogMonitor<Arm64Architecture>.OnTimer(core);
            return false; // virtual SGIs and maintenance: nothing to do for a guest that uses no list registers
        }
    }
}
