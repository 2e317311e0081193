using Bulkhead.Arm64.Gic;
using Bulkhead.Core.Partition;
using Bulkhead.Generated;
using Bulkhead.Core.Text;

namespace Bulkhead.Arm64
{
    /// <summary>
    /// Watchdogs on ARM64: the core running a domain's vCPU 0 arms its EL2 physical timer (CNTHP,
    /// the hypervisor timer PPI) for the domain's watchdog deadline and checks on expiry.
    /// </summary>
    internal static class WatchdogTimer
    {
        private const ulong Enable = 1, Off = 0;

        /// <summary>On entry of vCPU 0: the period starts now.</summary>
        public static void Start(int core)
        {
            ref CoreState state = ref PartitionTable.Cores[core];
            ref Domain domain = ref PartitionTable.Domains[state.Domain];
            if (state.Vcpu != 0 || !Watchdog.Enabled(domain)) return;
            Watchdog.Start(ref domain, Cpu.Nanoseconds);
            PhysicalGic.SetEnabled(core, BoardConfig.HypTimerIntId, true);
            Arm(Watchdog.Deadline(domain));
        }

        public static void Stop() => Cpu.WriteHypTimerControl(Off);

        /// <summary>The timer fired: a missed heartbeat applies the domain's policy; otherwise wait for the new deadline.</summary>
        /// <returns>true when the domain was stopped or restarted (the core must check in)</returns>
        public static bool Expired(int core)
        {
            ref CoreState state = ref PartitionTable.Cores[core];
            if (state.Domain < 0 || state.Vcpu != 0) { Stop(); return false; }
            ref Domain domain = ref PartitionTable.Domains[state.Domain];
            ulong now = Cpu.Nanoseconds;
            if (!Watchdog.Expired(domain, now))
            {
                if (domain.Status == DomainStatus.Running) Arm(Watchdog.Deadline(domain)); else Stop();
                return false;
            }
            Stop();
            LineBuffer cause = default;
            Watchdog.DescribeExpiry(domain, now, ref cause);
            DomainControl<Arm64Architecture>.Fault(state.Domain, ref cause);
            return true;
        }

        private static void Arm(ulong deadlineNs)
        {
            // ns to counter ticks in microseconds first, so the product cannot overflow.
            ulong ticks = deadlineNs / 1000 * (Cpu.ReadCounterFrequency() / 1000000);
            Cpu.WriteHypTimerCompare(ticks);
            Cpu.WriteHypTimerControl(Enable);
        }
    }
}
