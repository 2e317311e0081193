namespace Bulkhead.Core.Partition
{
    /// <summary>
    /// The restart rate limit of plan 2.3: at most `limit` restarts within any `window` ms. The
    /// domain keeps the times of its last `limit` restarts in a fixed ring (limit &lt;= 16, checked
    /// by the plan reader); a restart at `now` is allowed when fewer than `limit` are remembered or
    /// the oldest of them is at least a window old. Called under the domain's lock; no allocation.
    /// </summary>
    public static unsafe class RestartWindow
    {
        public static bool Allows(ref Domain domain, uint limit, uint windowMs, ulong nowNs)
        {
            if (limit == 0) return false;
            if (domain.RestartRingFilled < limit) return true;
            ulong oldest = domain.RestartTimesNs[domain.RestartRingNext];
            return nowNs >= oldest && nowNs - oldest >= WindowNs(windowMs);
        }

        /// <summary>Remembers a restart at <paramref name="nowNs"/> in place of the oldest.</summary>
        public static void Record(ref Domain domain, uint limit, ulong nowNs)
        {
            domain.RestartTimesNs[domain.RestartRingNext] = nowNs;
            domain.RestartRingNext = domain.RestartRingNext + 1 >= limit ? 0 : domain.RestartRingNext + 1;
            if (domain.RestartRingFilled < limit) domain.RestartRingFilled++;
        }

        /// <summary>How many remembered restarts lie in (now - window, now]: the figure the restart line prints.</summary>
        public static uint InWindow(ref Domain domain, uint windowMs, ulong nowNs)
        {
            uint count = 0;
            ulong window = WindowNs(windowMs);
            for (uint i = 0; i < domain.RestartRingFilled; i++)
            {
                ulong t = domain.RestartTimesNs[i];
                if (t <= nowNs && nowNs - t < window) count++;
            }
            return count;
        }

        // A u32 of milliseconds is below 2^52 ns: no overflow.
        private static ulong WindowNs(uint windowMs) => (ulong)windowMs * 1000000UL;
    }
}
