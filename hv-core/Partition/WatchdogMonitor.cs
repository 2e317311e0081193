using Bulkhead.Core.Text;

namespace Bulkhead.Core.Partition
{
    /// <summary>
    /// Runs the watchdogs (<see cref="Watchdog"/>) on the backend's per-core hypervisor timer: the
    /// core of a domain's vCPU 0 keeps the timer armed for the domain's deadline while the domain
    /// runs — also while that vCPU is off (CPU_OFF) and another vCPU carries on.
    /// </summary>
    public static class WatchdogMonitor<TArch> where TArch : struct, IArchitecture
    {
        /// <summary>vCPU 0 enters its guest (the period itself started when the run was loaded).</summary>
        public static void OnEnter(int core)
        {
            ref CoreState state = ref PartitionTable.Cores[core];
            ref Domain domain = ref PartitionTable.Domains[state.Domain];
            if (state.Vcpu != 0 || !Watchdog.Enabled(domain)) return;
            TArch.ArmWatchdog(core, Watchdog.Deadline(domain));
        }

        /// <summary>The core leaves its guest to wait: the timer stays only for a running domain's vCPU 0.</summary>
        public static void OnPark(int core)
        {
            ref CoreState state = ref PartitionTable.Cores[core];
            if (state.Domain < 0 || state.Vcpu != 0 || PartitionTable.Domains[state.Domain].Status != DomainStatus.Running)
                TArch.DisarmWatchdog(core);
        }

        /// <summary>The timer fired: a missed heartbeat applies the domain's policy; otherwise wait for the new deadline.</summary>
        /// <returns>true when the domain was stopped or restarted (the core must check in)</returns>
        public static bool OnTimer(int core)
        {
            ref CoreState state = ref PartitionTable.Cores[core];
            if (state.Domain < 0 || state.Vcpu != 0) { TArch.DisarmWatchdog(core); return false; }
            ref Domain domain = ref PartitionTable.Domains[state.Domain];
            // Restarted, but this core has not reloaded the new run yet: its period has not begun.
            if (state.Epoch != domain.Epoch) { TArch.DisarmWatchdog(core); return true; }
            ulong now = TArch.NowNs;
            if (!Watchdog.Expired(domain, now))
            {
                if (domain.Status == DomainStatus.Running && Watchdog.Enabled(domain)) TArch.ArmWatchdog(core, Watchdog.Deadline(domain));
                else TArch.DisarmWatchdog(core);
                return false;
            }
            TArch.DisarmWatchdog(core);
            LineBuffer cause = default;
            Watchdog.DescribeExpiry(domain, now, ref cause);
            DomainControl<TArch>.FaultRun(state.Domain, domain.Epoch, ref cause);
            return true;
        }

        /// <summary>When the watchdog of this core's domain expires (ns), or 0 when it has none here.</summary>
        public static ulong DeadlineOn(int core)
        {
            ref CoreState state = ref PartitionTable.Cores[core];
            if (state.Domain < 0 || state.Vcpu != 0) return 0;
            ref Domain domain = ref PartitionTable.Domains[state.Domain];
            if (!Watchdog.Enabled(domain) || domain.Status != DomainStatus.Running) return 0;
            return Watchdog.Deadline(domain);
        }
    }
}
