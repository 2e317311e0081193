using Bulkhead.Core.Partition;
using Bulkhead.Core.Text;

namespace Bulkhead.X86
{
    /// <summary>
    /// Watchdogs on x86: the core running a domain's vCPU 0 folds the domain's watchdog deadline
    /// into its VMX-preemption timer (with the guest's own timer) and checks on that exit.
    /// </summary>
    internal static class WatchdogTimer
    {
        /// <summary>On entry of vCPU 0: the period starts now.</summary>
        public static void Start(int core)
        {
            ref CoreState state = ref PartitionTable.Cores[core];
            ref Domain domain = ref PartitionTable.Domains[state.Domain];
            if (state.Vcpu != 0 || !Watchdog.Enabled(domain)) return;
            Watchdog.Start(ref domain, Tsc.Nanoseconds);
        }

        /// <summary>The TSC value at which this core's domain watchdog expires; 0 when it has none here.</summary>
        public static ulong DeadlineTicks(int core)
        {
            ref CoreState state = ref PartitionTable.Cores[core];
            if (state.Domain < 0 || state.Vcpu != 0) return 0;
            ref Domain domain = ref PartitionTable.Domains[state.Domain];
            if (!Watchdog.Enabled(domain) || domain.Status != DomainStatus.Running) return 0;
            ulong ticks = Tsc.TicksAt(Watchdog.Deadline(domain));
            return ticks == 0 ? 1 : ticks;
        }

        /// <summary>After a preemption-timer exit: a missed heartbeat applies the domain's policy.</summary>
        /// <returns>true when the domain was stopped or restarted (the core must check in)</returns>
        public static bool Expired(int core)
        {
            ref CoreState state = ref PartitionTable.Cores[core];
            if (state.Domain < 0 || state.Vcpu != 0) return false;
            ref Domain domain = ref PartitionTable.Domains[state.Domain];
            ulong now = Tsc.Nanoseconds;
            if (!Watchdog.Expired(domain, now)) return false;
            LineBuffer cause = default;
            Watchdog.DescribeExpiry(domain, now, ref cause);
            DomainControl<X64Architecture>.Fault(state.Domain, ref cause);
            return true;
        }
    }
}
