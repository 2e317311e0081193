using Bulkhead.Core.Partition;
using Bulkhead.Runtime;

namespace Bulkhead.X86
{
    /// <summary>
    /// Where a core waits while its vCPU is off or its domain stopped. SignalCore rings the core's
    /// doorbell (its own cache line) before sending the NMI that brings a core out of a guest; a
    /// parked core arms MONITOR on its doorbell before it checks in, so a signal between the
    /// check-in and the wait is never lost: MWAIT returns at once. Without MONITOR/MWAIT the core
    /// polls its doorbell (as does a core that keeps a running domain's watchdog while its vCPU 0 is off).
    /// </summary>
    internal static unsafe class Park
    {
        private const int LineWords = 8; // one 64-byte cache line per core
        private static ulong* s_doorbells;
        private static bool s_mwait;

        public static void Initialize(int cores)
        {
            s_doorbells = (ulong*)Heap.AllocateAligned((ulong)(cores * LineWords * 8), 64);
            uint* r = stackalloc uint[4];
            Cpu.CpuId(Registers.CpuidFeatures, 0, r);
            s_mwait = (r[2] & (1u << 3)) != 0; // CPUID.1:ECX.MONITOR
        }

        /// <summary>The core's doorbell count: a change means another core signalled it.</summary>
        public static ulong Read(int core) => s_doorbells == null ? 0 : System.Threading.Volatile.Read(ref *(s_doorbells + core * LineWords));

        public static void Ring(int core)
        {
            if (s_doorbells == null) return;
            ulong* bell = s_doorbells + core * LineWords;
            System.Threading.Volatile.Write(ref *bell, System.Threading.Volatile.Read(ref *bell) + 1);
        }

        /// <summary>Waits until the partition has work for this core; returns Enter or Resume.</summary>
        public static CoreAction WaitForWork(int core)
        {
            ulong* bell = s_doorbells + core * LineWords;
            while (true)
            {
                ulong seen = System.Threading.Volatile.Read(ref *bell);
                if (s_mwait) Cpu.Monitor(bell);
                CoreAction action = DomainControl<X64Architecture>.CheckIn(core);
                if (action != CoreAction.Park) return action;
                // vCPU 0 off while its domain runs on: this core still keeps the domain's watchdog,
                // and no timer wakes MWAIT here, so it polls the deadline.
                ulong deadline = WatchdogMonitor<X64Architecture>.DeadlineOn(core);
                if (deadline != 0)
                {
                    while (System.Threading.Volatile.Read(ref *bell) == seen && X64Architecture.NowNs < deadline) Cpu.Pause();
                    if (System.Threading.Volatile.Read(ref *bell) == seen) WatchdogMonitor<X64Architecture>.OnTimer(core);
                }
                else if (s_mwait) { if (System.Threading.Volatile.Read(ref *bell) == seen) Cpu.Mwait(); }
                else while (System.Threading.Volatile.Read(ref *bell) == seen) Cpu.Pause();
            }
        }
    }
}
