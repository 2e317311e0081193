using Bulkhead.Core.Abi;
using Bulkhead.Generated;
using Bulkhead.Guest.Platform;

namespace Bulkhead.Guest
{
    /// <summary>Measuring a service: the CPU cycle counter and the vCPU's exits to the hypervisor.</summary>
    public static class Performance
    {
        private static bool s_started;

        /// <summary>
        /// The CPU's cycle counter (PMU). Under QEMU with -icount shift=0 one cycle is one instruction
        /// and one nanosecond of virtual time, so figures are exact and repeatable.
        /// </summary>
        public static ulong Cycles
        {
            get
            {
                if (!s_started) { Cpu.StartCycleCounter(); s_started = true; }
                return Cpu.ReadCycles();
            }
        }

        /// <summary>Exits of this vCPU to the hypervisor so far (0 without a hypervisor).</summary>
        public static ulong Exits
        {
            get
            {
                if (GuestConfig.Native) return 0;
                Cpu.Hypercall(Hypercall.VcpuStats, 0, 0, 0, out var r);
                return r.R1;
            }
        }

        /// <summary>
        /// Cycles of one hypercall <paramref name="function"/> (arguments a1..a3) from the
        /// trapping instruction to the one after it: the hypervisor's round trip without the SDK's
        /// call overhead (0 without a hypervisor). Its status and results are dropped.
        /// </summary>
        public static ulong TimeHypercall(uint function, ulong a1, ulong a2 = 0, ulong a3 = 0)
        {
            if (GuestConfig.Native) return 0;
            if (!s_started) { Cpu.StartCycleCounter(); s_started = true; }
            return Cpu.TimedHypercall(function, a1, a2, a3);
        }

        /// <summary>One hypercall that does nothing but return (ABI_VERSION): the cost of a round trip.</summary>
        public static void NullHypercall() => Cpu.Hypercall(Hypercall.AbiVersion, 0, 0, 0, out _);
    }
}
