using Bulkhead.Core.Partition;

namespace Bulkhead.X86
{
    /// <summary>
    /// Interrupts for guests, one vCPU per core. A guest programs its timer like an x2APIC in
    /// TSC-deadline mode (MSRs LVT timer 0x832 and IA32_TSC_DEADLINE 0x6E0, emulated by
    /// MsrAccess) and sends IPIs to its own vCPUs through the x2APIC ICR (0x830). Before every VM
    /// entry the due timer is made pending and the highest pending vector is injected when the
    /// guest can take it (RFLAGS.IF, no STI/MOV-SS shadow); otherwise interrupt-window exiting
    /// brings the core back as soon as it can. A HLT with a timer armed or a vector pending
    /// waits in the guest's HLT activity state, woken by the VMX-preemption timer at the deadline.
    /// </summary>
    internal static unsafe class VirtualInterrupts
    {
        public const uint FirstVector = 0x20;
        private const ulong RflagsIf = 1UL << 9;

        public static void Pend(ref VcpuState v, uint vector)
        {
            if (vector < FirstVector || vector > 255) return;
            // Other cores pend too (IPIs, doorbells): atomic, no lock around exits.
            fixed (ulong* word = &v.Pending[vector >> 6]) Cpu.AtomicOr64(word, 1UL << (int)(vector & 63));
        }

        private static int Highest(ref VcpuState v)
        {
            for (int word = 3; word >= 0; word--)
            {
                ulong bits = v.Pending[word];
                if (bits == 0) continue;
                int bit = 63;
                while ((bits & (1UL << bit)) == 0) bit--;
                return word * 64 + bit;
            }
            return -1;
        }

        public static bool TimerArmed(ref VcpuState v) => v.TimerDeadline != 0 && !v.TimerMasked;

        public static bool AnyPending(ref VcpuState v) => (v.Pending[0] | v.Pending[1] | v.Pending[2] | v.Pending[3]) != 0;

        /// <summary>Runs before every VM entry on the vCPU's own core (its VMCS is current).</summary>
        /// <param name="watchdogTicks">TSC value at which the domain's watchdog expires (0 = none on this vCPU)</param>
        /// <returns>true when an interrupt was injected (a manager's status counts them)</returns>
        public static bool PrepareEntry(ref VcpuState v, ulong watchdogTicks)
        {
            bool injected = false;
            ulong now = Cpu.ReadTsc();
            if (TimerArmed(ref v) && now >= v.TimerDeadline)
            {
                v.TimerDeadline = 0; // one-shot, as TSC-deadline mode is
                Pend(ref v, v.TimerVector);
            }

            uint proc = VmxSetup.ProcControls;
            int vector = Highest(ref v);
            if (vector >= 0 && (Vmx.Read(Vmcs.EntryInterruptionInfo) & VmxControls.InjectValid) == 0)
            {
                bool interruptible = (Vmx.Read(Vmcs.GuestRflags) & RflagsIf) != 0 && (Vmx.Read(Vmcs.GuestInterruptibility) & 3) == 0;
                if (interruptible)
                {
                    fixed (ulong* word = &v.Pending[vector >> 6]) Cpu.AtomicAnd64(word, ~(1UL << (vector & 63)));
                    Vmx.Write(Vmcs.EntryInterruptionInfo, VmxControls.InjectValid | (uint)vector); // type 0: external interrupt
                    Vmx.Write(Vmcs.GuestActivityState, 0);
                    injected = true;
                }
                else if (VmxSetup.HasInterruptWindow) proc |= VmxControls.InterruptWindowExiting;
            }
            Vmx.Write(Vmcs.ProcBasedControls, proc);

            uint pin = VmxSetup.PinControls;
            ulong wake = TimerArmed(ref v) ? v.TimerDeadline : 0;
            if (watchdogTicks != 0 && (wake == 0 || watchdogTicks < wake)) wake = watchdogTicks;
            // A safety net for signals: even a guest that never exits comes back every 10 ms and
            // sees its doorbell, should the NMI of a SignalCore have hit this core outside the guest.
            ulong safety = now + Tsc.Hz / 100;
            if (wake == 0 || safety < wake) wake = safety;
            if (VmxSetup.HasPreemptionTimer && wake != 0)
            {
                ulong wait = wake > now ? (wake - now) >> VmxSetup.PreemptionTimerRate : 0;
                Vmx.Write(Vmcs.PreemptionTimerValue, wait > 0xFFFFFFFF ? 0xFFFFFFFF : wait);
                pin |= VmxControls.PreemptionTimer;
            }
            Vmx.Write(Vmcs.PinBasedControls, pin);
            return injected;
        }

        /// <summary>
        /// HLT (already skipped): the vCPU waits in the guest's HLT activity state until the
        /// preemption timer (its deadline), an IPI or a signal from another core (an NMI exit)
        /// brings it back. An idle vCPU with nothing armed just stays there, as WFI does on ARM64.
        /// </summary>
        public static void Halt(ref VcpuState v)
        {
            if (AnyPending(ref v)) return; // injected at the next entry if the guest can take it
            if (VmxSetup.HasHltActivity)
            {
                Vmx.Write(Vmcs.GuestInterruptibility, Vmx.Read(Vmcs.GuestInterruptibility) & ~3UL); // HLT entry needs no STI/MOV-SS shadow
                Vmx.Write(Vmcs.GuestActivityState, 1);
                return;
            }
            // No HLT activity state on this CPU: wait here for the deadline (or just resume: HLT may wake spuriously).
            while (TimerArmed(ref v) && Cpu.ReadTsc() < v.TimerDeadline) Cpu.Pause();
        }

        /// <summary>An IPI from a vCPU to another vCPU of its own domain (x2APIC ICR: destination in bits 63:32).</summary>
        public static bool SendIpi(int core, ulong icr)
        {
            int domain = PartitionTable.Cores[core].Domain;
            int target = PartitionTable.CoreOf(domain, (int)(icr >> 32));
            uint vector = (uint)icr & 0xFF;
            if (target < 0 || vector < FirstVector) return false;
            Pend(ref Vcpu.Cores[target], vector);
            if (target != core) LocalApic.SignalCore(target);
            return true;
        }

        /// <summary>
        /// A channel doorbell: interrupt id n of the plan is vector 0x20 + n of the reader domain's
        /// vCPU 0 (the x64 runtime's numbering), pended there and its core signalled.
        /// </summary>
        public static void RaiseDoorbell(int core, uint intId)
        {
            int owner = PartitionTable.OwnerOfInterrupt(intId);
            int target = owner < 0 ? -1 : PartitionTable.CoreOf(owner, 0);
            if (target < 0 || intId + FirstVector > 255) return;
            Pend(ref Vcpu.Cores[target], intId + FirstVector);
            if (target != core) LocalApic.SignalCore(target);
        }

        public static void Reset(ref VcpuState v)
        {
            v.TimerDeadline = 0;
            v.TimerVector = 0;
            v.TimerMasked = true;
            v.Pending[0] = v.Pending[1] = v.Pending[2] = v.Pending[3] = 0;
        }
    }
}
