using System.Runtime;
using System.Runtime.CompilerServices;

namespace Bulkhead.Guest.Platform
{
    /// <summary>Results x1..x3 of a hypercall.</summary>
    public struct HypercallResults
    {
        public ulong R1, R2, R3;
    }

    /// <summary>
    /// What the portable guest libraries need from the CPU (ARM64 EL1 here; the x64 runtime has a
    /// class of the same name). Each method is a direct call into boot/cpu.S.
    /// </summary>
    internal static unsafe class Cpu
    {
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "guest_hvc")]
        private static extern long Hvc(ulong function, ulong a1, ulong a2, ulong a3, ulong a4, HypercallResults* results);

        public static long Hypercall(uint function, ulong a1, ulong a2, ulong a3, out HypercallResults results)
        {
            HypercallResults r;
            long status = Hvc(function, a1, a2, a3, 0, &r);
            results = r;
            return status;
        }

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "guest_hvc_cycles")]
        private static extern ulong HvcCycles(ulong function, ulong a1, ulong a2, ulong a3);

        /// <summary>Cycles of one hypercall from the HVC to the instruction after it (the counter must be started).</summary>
        public static ulong TimedHypercall(uint function, ulong a1, ulong a2, ulong a3) => HvcCycles(function, a1, a2, a3);

        /// <summary>PSCI through the hypervisor (HVC conduit: the hypervisor emulates PSCI).</summary>
        public static long Psci(uint function, ulong a1, ulong a2, ulong a3) => Hvc(function, a1, a2, a3, 0, null);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "guest_read_cntvct")]
        public static extern ulong ReadCounter();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "guest_read_cntfrq")]
        public static extern ulong CounterFrequency();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "guest_write_cntv_cval")]
        public static extern void SetTimerCompare(ulong value);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "guest_write_cntv_ctl")]
        public static extern void SetTimerControl(ulong value);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "guest_irq_enable")]
        public static extern void EnableInterrupts();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "guest_irq_disable")]
        public static extern void DisableInterrupts();

        /// <summary>Full memory barrier between cores (stores before it are visible before loads after it).</summary>
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "guest_memory_barrier")]
        public static extern void MemoryBarrier();

        /// <summary>Barrier for memory a device reads or writes (virtqueues): `dsb sy`, complete before any later access or register write.</summary>
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "guest_dsb")]
        public static extern void DeviceBarrier();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "guest_wfi")]
        public static extern void WaitForInterrupt();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "guest_read_icc_iar1")]
        public static extern ulong ReadIccIar1();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "guest_write_icc_eoir1")]
        public static extern void WriteIccEoir1(ulong value);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "guest_write_icc_pmr")]
        public static extern void WriteIccPmr(ulong value);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "guest_write_icc_igrpen1")]
        public static extern void WriteIccIgrpen1(ulong value);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "guest_write_icc_sgi1r")]
        public static extern void WriteIccSgi1r(ulong value);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "guest_read_icc_sre")]
        public static extern ulong ReadIccSre();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "guest_write_icc_sre")]
        public static extern void WriteIccSre(ulong value);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "guest_read_mpidr")]
        private static extern ulong ReadMpidr();

        /// <summary>This vCPU's index (Aff0 of the virtual MPIDR the hypervisor presents).</summary>
        public static ulong CurrentVcpuId() => ReadMpidr() & 0xFF;

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "guest_secondary_entry")]
        public static extern ulong SecondaryEntryAddress();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "guest_cycles_start")]
        public static extern void StartCycleCounter();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "guest_read_cycles")]
        public static extern ulong ReadCycles();

        /// <summary>Timer control: enable, interrupt unmasked.</summary>
        public const ulong TimerEnable = 1;
        /// <summary>Timer control: disabled.</summary>
        public const ulong TimerOff = 0;
    }
}
