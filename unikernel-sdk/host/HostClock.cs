using System;
using System.Threading;
using System.Diagnostics;

namespace Bulkhead.Host
{
    /// <summary>
    /// The counter behind Time.Ticks. A process uses the host's monotonic clock (<see cref="SystemClock"/>);
    /// tests use Testing.FakeClock, which moves only when the test (or an idle wait) advances it.
    /// </summary>
    public abstract class HostClock
    {
        /// <summary>Counter ticks per second (a multiple of 1000, as Time.Milliseconds expects).</summary>
        public abstract ulong Frequency { get; }
        public abstract ulong Ticks { get; }

        /// <summary>
        /// The calling vCPU has nothing to do until <paramref name="deadline"/> (0: until an interrupt):
        /// a real clock sleeps until an interrupt or the deadline; a fake clock advances to the next
        /// timer or the deadline and fires what is due.
        /// </summary>
        public abstract void Idle(ulong deadline);
    }

    /// <summary>The host's monotonic clock in nanoseconds since the process started.</summary>
    public sealed class SystemClock : HostClock
    {
        private readonly long _start = Stopwatch.GetTimestamp();

        public override ulong Frequency => 1_000_000_000;
        public override ulong Ticks => (ulong)((Stopwatch.GetTimestamp() - _start) * (1_000_000_000.0 / Stopwatch.Frequency));

        public override void Idle(ulong deadline) => HostEvents.WaitForInterrupt(deadline);
    }
}
