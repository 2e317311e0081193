namespace Bulkhead.Core.Partition
{
    /// <summary>
    /// A rate limit for a shared service (console output, doorbells): up to <c>capacity</c> units
    /// at once, refilled at <c>perSecond</c>. What a domain cannot take is its own loss; it never
    /// delays another domain. State only: no allocation, the time comes from the caller.
    /// </summary>
    public struct TokenBucket
    {
        private ulong _tokens;
        private ulong _lastNs;
        private bool _started;

        /// <summary>Takes <paramref name="cost"/> units if they are there; false (nothing taken) otherwise.</summary>
        public bool TryTake(ulong cost, ulong nowNs, ulong capacity, ulong perSecond)
        {
            if (!_started) { _tokens = capacity; _lastNs = nowNs; _started = true; }
            if (nowNs > _lastNs)
            {
                // Gaps beyond 100 s count as 100 s: no overflow for rates up to 10^8 units/s.
                ulong elapsed = nowNs - _lastNs > 100000000000UL ? 100000000000UL : nowNs - _lastNs;
                ulong refill = elapsed * perSecond / 1000000000UL;
                if (refill >= capacity - _tokens) { _tokens = capacity; _lastNs = nowNs; }
                else if (refill > 0)
                {
                    _tokens += refill;
                    _lastNs += refill * 1000000000UL / perSecond; // keep the fraction for the next call
                }
            }
            if (_tokens < cost) return false;
            _tokens -= cost;
            return true;
        }
    }
}
