namespace Bulkhead.Core.Time
{
    /// <summary>
    /// Exact conversions between a CPU counter (CNTPCT, TSC) and nanoseconds for any frequency
    /// (19.2 MHz, 99.99 MHz ... are not whole MHz), without overflow for centuries. The frequency is
    /// read once at boot by the backend, never from state a guest could change.
    /// </summary>
    public static class CounterClock
    {
        private const ulong NsPerSecond = 1000000000;

        public static ulong ToNanoseconds(ulong ticks, ulong hz) => ticks / hz * NsPerSecond + ticks % hz * NsPerSecond / hz;

        /// <summary>
        /// Nanoseconds per tick when <paramref name="hz"/> divides 10^9 exactly (62.5, 50, 100 MHz ...),
        /// else 0: then ticks * this equals <see cref="ToNanoseconds"/> with one multiplication
        /// instead of two divisions (the heartbeat hypercall reads the time on its fast path).
        /// </summary>
        public static ulong WholeNsPerTick(ulong hz) => hz != 0 && NsPerSecond % hz == 0 ? NsPerSecond / hz : 0;

        /// <summary>The first counter value at or after <paramref name="ns"/>.</summary>
        public static ulong ToTicks(ulong ns, ulong hz) => ns / NsPerSecond * hz + (ns % NsPerSecond * hz + NsPerSecond - 1) / NsPerSecond;
    }
}
