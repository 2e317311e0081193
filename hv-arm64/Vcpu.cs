using Bulkhead.Arm64.Gic;
using Bulkhead.Core.Partition;
using Bulkhead.Generated;
using static Bulkhead.Arm64.Registers;
using static Bulkhead.Arm64.Gic.GicRegisters;

namespace Bulkhead.Arm64
{
    /// <summary>
    /// Running a core's one vCPU: the per-core virtualization controls, entering the guest, and
    /// parking the core while its vCPU is off or its domain stopped. There is no scheduler and no
    /// EL1 context switch: a core belongs to one vCPU for good.
    /// </summary>
    internal static class Vcpu
    {
        private const ulong StackSize = 0x4000; // HV_STACK_SIZE in boot/sysregs.h

        /// <summary>Once per core: controls that are the same for every guest.</summary>
        public static void PrepareCore(int core)
        {
            Cpu.WriteVtcr(Stage2.Vtcr);
            Cpu.WriteVpidr(Cpu.ReadMidr());
            Cpu.WriteCnthctl(CnthctlGuest);
            Cpu.WriteCntvoff(0);
            Cpu.WriteHcr(HcrParked);
            Cpu.WriteMdcr(Cpu.ReadMdcr() | MdcrTraps | PmuIsolation());
            CpuFeatures.PrepareCore();
            PhysicalGic.InitializeCore(core, PartitionTable.Cores[core].HardwareId);
            VirtualInterrupts.InitializeCore(core);
        }

        /// <summary>Acts on what the partition decided for this core. Returns only for Resume.</summary>
        public static void Continue(int core, CoreAction action)
        {
            if (action == CoreAction.Enter) Enter(core);
            else if (action == CoreAction.Park) Park(core);
        }

        /// <summary>Enters the guest afresh at the core's entry point (does not return).</summary>
        public static void Enter(int core)
        {
            ref CoreState state = ref PartitionTable.Cores[core];
            QuiesceGuestState(core);
            Cpu.WriteVmpidr(VmpidrBase | (ulong)state.Vcpu);
            Cpu.WriteSctlrEl1(SctlrEl1Reset);
            Cpu.ResetEl1State();
            Cpu.SwitchStage2(Stage2.Vttbr(state.Domain));
            WatchdogMonitor<Arm64Architecture>.OnEnter(core);
            if (IsDirect(state.Domain))
            {
                // Its interrupts to EL1 (IMO clear); the hypervisor's stay FIQs at EL2 (FMO set).
                DirectCore.Enter(core);
                Cpu.WriteHcr(CpuFeatures.GuestHcr & ~HcrImo);
            }
            else Cpu.WriteHcr(CpuFeatures.GuestHcr);
            Cpu.EnterGuest(state.EntryPoint, state.EntryArgument, StackTop(core));
        }

        /// <summary>Waits, out of any guest, until the partition has work for this core (does not return).</summary>
        public static void Park(int core)
        {
            QuiesceGuestState(core);
            WatchdogMonitor<Arm64Architecture>.OnPark(core);
            Cpu.WriteHcr(HcrParked);
            while (true)
            {
                // WFI wakes on a pending interrupt even while masked: unmask only to take it.
                Cpu.WaitForInterrupt();
                Cpu.IrqUnmask();
                Cpu.IrqMask();
                if (DomainControl<Arm64Architecture>.CheckIn(core) == CoreAction.Enter) Enter(core);
            }
        }

        /// <summary>Silences what a previous guest left on this core: its timer, its interrupts (also when active); SPIs routed to vCPU 0 again.</summary>
        private static void QuiesceGuestState(int core)
        {
            Cpu.WriteCntvCtl(0);
            if (s_anyDirect) DirectCore.Leave(core);
            uint timer = BoardConfig.VirtTimerIntId;
            PhysicalGic.SetEnabled(core, timer, false);
            PhysicalGic.ClearActive(core, timer);
            ref CoreState state = ref PartitionTable.Cores[core];
            if (state.Domain >= 0 && state.Vcpu == 0)
            {
                var plan = PartitionTable.Domains[state.Domain].Plan;
                for (uint i = 0; i < plan.InterruptCount; i++)
                {
                    uint spi = PartitionTable.Plan.GetInterrupt(plan.FirstInterrupt + i).IntId;
                    PhysicalGic.SetEnabled(core, spi, false);
                    PhysicalGic.ClearActive(core, spi);
                    if (spi >= FirstSpi) PhysicalGic.RouteSpi(spi, core); // the guest may have retargeted it: back to vCPU 0
                }
            }
            VirtualInterrupts.Reset(core);
        }

        /// <summary>The MDCR_EL2 bits that keep hypervisor time out of the guest's PMU counters, where the PMU has them.</summary>
        private static ulong PmuIsolation()
        {
            ulong version = (Cpu.ReadDfr0() >> Dfr0PmuVerShift) & 0xF;
            if (version == PmuVerImplementationDefined) return 0;
            return (version >= PmuVer3p1 ? MdcrHpmd : 0) | (version >= PmuVer3p5 ? MdcrHccd : 0);
        }

        /// <summary>Set at boot when some domain takes its interrupts directly (DirectCore).</summary>
        private static bool s_anyDirect;

        /// <summary>At boot, after the partition table: refuses direct interrupts where the GIC cannot keep them apart.</summary>
        public static string? PrepareDirectInterrupts()
        {
            for (int d = 0; d < PartitionTable.Domains.Length; d++)
                s_anyDirect |= PartitionTable.Domains[d].Plan.DirectInterrupts;
            return s_anyDirect ? DirectCore.Unsupported() : null;
        }

        private static bool IsDirect(int domain) => s_anyDirect && domain >= 0 && PartitionTable.Domains[domain].Plan.DirectInterrupts;

        private static ulong StackTop(int core) => Cpu.StacksStart() + (ulong)(core + 1) * StackSize;
    }
}
