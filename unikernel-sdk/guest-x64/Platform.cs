using System.Runtime;
using System.Runtime.CompilerServices;
using Bulkhead.Generated;

namespace Bulkhead.Guest.Platform
{
    /// <summary>Results RDI, RSI, RDX of a hypercall (x1..x3 on ARM64).</summary>
    public struct HypercallResults
    {
        public ulong R1, R2, R3;
    }

    /// <summary>
    /// What the portable guest libraries need from the CPU, on x86-64 in VMX non-root mode under
    /// hv-x86: VMCALL for hypercalls and PSCI, the TSC as counter, the emulated x2APIC timer in
    /// TSC-deadline mode. The same members as the ARM64 runtime's class of this name.
    /// </summary>
    internal static unsafe class Cpu
    {
        private const uint MsrTscDeadline = 0x6E0, MsrApicId = 0x802, MsrLvtTimer = 0x832;
        private const ulong LvtMasked = 1UL << 16, LvtTscDeadline = 2UL << 17;
        private const uint CpuidTiming = 0x40000010;   // EAX = TSC kHz (hv-x86)

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "guest_vmcall")]
        private static extern long VmCall(ulong function, ulong a1, ulong a2, ulong a3, HypercallResults* results);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "guest_rdmsr")]
        private static extern ulong ReadMsr(uint msr);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "guest_wrmsr")]
        private static extern void WriteMsr(uint msr, ulong value);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "guest_cpuid_eax")]
        private static extern uint CpuidEax(uint leaf);

        public static long Hypercall(uint function, ulong a1, ulong a2, ulong a3, out HypercallResults results)
        {
            HypercallResults r;
            long status = VmCall(function, a1, a2, a3, &r);
            results = r;
            return status;
        }

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "guest_timed_vmcall")]
        private static extern ulong TimedVmCall(ulong function, ulong a1, ulong a2, ulong a3);

        /// <summary>TSC ticks of one hypercall: from just before the VMCALL to just after it (boot/cpu.S).</summary>
        public static ulong TimedHypercall(uint function, ulong a1, ulong a2, ulong a3) => TimedVmCall(function, a1, a2, a3);

        /// <summary>PSCI through the hypervisor (VMCALL with the PSCI function id); natively only power-off.</summary>
        public static long Psci(uint function, ulong a1, ulong a2, ulong a3) =>
            GuestConfig.Native ? NativePc.Psci(function) : VmCall(function, a1, a2, a3, null);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "guest_rdtsc")]
        public static extern ulong ReadCounter();

        private static ulong s_frequency;

        public static ulong CounterFrequency()
        {
            if (s_frequency == 0) s_frequency = GuestConfig.Native ? NativePc.TscHz : (ulong)CpuidEax(CpuidTiming) * 1000;
            return s_frequency;
        }

        public static void SetTimerCompare(ulong value) => WriteMsr(MsrTscDeadline, value);

        public static void SetTimerControl(ulong value) =>
            WriteMsr(MsrLvtTimer, Gic.VectorOf(GuestConfig.TimerVirtualIntId) | LvtTscDeadline | (value == TimerEnable ? 0 : LvtMasked));

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "guest_irq_enable")]
        public static extern void EnableInterrupts();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "guest_irq_disable")]
        public static extern void DisableInterrupts();

        /// <summary>Full memory barrier between cores (stores before it are visible before loads after it).</summary>
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "guest_memory_barrier")]
        public static extern void MemoryBarrier();

        /// <summary>Barrier for memory a device reads or writes (virtqueues): mfence orders it against port and MMIO accesses too.</summary>
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "guest_memory_barrier")]
        public static extern void DeviceBarrier();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "guest_wait_for_interrupt")]
        public static extern void WaitForInterrupt();

        /// <summary>This vCPU's index (the x2APIC id the hypervisor presents).</summary>
        public static ulong CurrentVcpuId() => ReadMsr(MsrApicId);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "guest_secondary_entry")]
        public static extern ulong SecondaryEntryAddress();

        /// <summary>The cycle counter is the TSC: always running.</summary>
        public static void StartCycleCounter() { }

        public static ulong ReadCycles() => ReadCounter();

        internal static void SendIpi(int vcpu, uint vector) => WriteMsr(0x830, ((ulong)(uint)vcpu << 32) | vector);

        public const ulong TimerEnable = 1;
        public const ulong TimerOff = 0;
    }
}
