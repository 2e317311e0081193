using Bulkhead.Core.Text;

namespace Bulkhead.Core.Partition
{
    /// <summary>
    /// The health monitor: a domain with a watchdog period (plan: watchdog_ms) must send a heartbeat
    /// (HEARTBEAT hypercall) at least that often, else its restart policy applies. Portable: the
    /// backend supplies the time and the timer that wakes it at <see cref="Deadline"/>.
    /// </summary>
    public static class Watchdog
    {
        public static bool Enabled(in Domain domain) => domain.Plan.WatchdogMs != 0;

        /// <summary>Starts (or restarts) the period when a run of the domain is loaded.</summary>
        public static void Start(ref Domain domain, ulong nowNs) => domain.LastHeartbeatNs = nowNs;

        public static void Kick(ref Domain domain, ulong nowNs) => domain.LastHeartbeatNs = nowNs;

        public static ulong PeriodNs(in Domain domain) => (ulong)domain.Plan.WatchdogMs * 1000000;

        /// <summary>When the watchdog expires unless a heartbeat comes first.</summary>
        public static ulong Deadline(in Domain domain) => domain.LastHeartbeatNs + PeriodNs(domain);

        public static bool Expired(in Domain domain, ulong nowNs) =>
            Enabled(domain) && domain.Status == DomainStatus.Running && nowNs >= Deadline(domain);

        /// <summary>The cause line of an expiry: "watchdog expired: no heartbeat for N ms (period P ms)".</summary>
        public static void DescribeExpiry(in Domain domain, ulong nowNs, ref LineBuffer cause)
        {
            cause.Append("watchdog expired: no heartbeat for ");
            cause.AppendDecimal((nowNs - domain.LastHeartbeatNs) / 1000000);
            cause.Append(" ms (period ");
            cause.AppendDecimal(domain.Plan.WatchdogMs);
            cause.Append(" ms)");
        }
    }
}
