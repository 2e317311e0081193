using System;

namespace Bulkhead.Host.Testing
{
    /// <summary>
    /// Time for unit tests: it stands still until the test advances it, and every timer that falls
    /// due on the way fires then, on the test's thread, in order. A service waiting for an interrupt
    /// (Interrupts.WaitForInterrupt, WaitForMessage, Time.Sleep) advances it to its next timer.
    /// One tick is one microsecond.
    /// </summary>
    public sealed class FakeClock : HostClock
    {
        private ulong _now;

        public override ulong Frequency => 1_000_000;
        public override ulong Ticks => _now;

        /// <summary>Milliseconds since the clock's zero (as Time.Milliseconds reads it).</summary>
        public ulong Milliseconds => _now / 1000;

        /// <summary>Idle waits stop here: the domain is then reported as still running (TestDomain.Run).</summary>
        public ulong StopAt { get; set; } = ulong.MaxValue;

        /// <summary>Without a StopAt, an idle wait that moves time on by this much with nothing delivered fails the test instead of spinning.</summary>
        public const ulong IdleLimitMs = 3_600_000;

        private ulong _idleSince;

        /// <summary>Moves time on by <paramref name="milliseconds"/>, firing the timers due on the way.</summary>
        public void Advance(ulong milliseconds) => AdvanceTo(_now + milliseconds * 1000);

        /// <summary>Moves time to <paramref name="ticks"/> (never back), firing the timers due on the way.</summary>
        public void AdvanceTo(ulong ticks)
        {
            MoveTo(ticks);
            _idleSince = _now;
        }

        private void MoveTo(ulong ticks)
        {
            for (int fired = 0; ; fired++)
            {
                ulong next = HostEvents.NextTimerDeadline();
                if (next == 0 || next > ticks) break;
                if (fired > 10_000_000) throw new InvalidOperationException("a timer handler keeps its timer due (level-triggered: move or stop it)");
                if (next > _now) _now = next;
                HostEvents.DeliverDue(_now);
            }
            if (ticks > _now) _now = ticks;
            HostEvents.DeliverDue(_now);   // doorbells and software interrupts
        }

        public override void Idle(ulong deadline)
        {
            if (HostEvents.DeliverDue(_now)) { _idleSince = _now; return; }
            ulong next = HostEvents.NextTimerDeadline();
            ulong target = deadline == 0 ? next : next == 0 ? deadline : Math.Min(deadline, next);
            if (target == 0)
                throw new InvalidOperationException("the service waits for an interrupt nothing will raise: no timer is set and this test thread is the only one that could send it a message");
            if (target > StopAt) throw new DomainExit(DomainEnd.StillRunning, "still running when the test's time was up");
            if (StopAt == ulong.MaxValue && target - _idleSince > IdleLimitMs * 1000)
                throw new InvalidOperationException("the service waited an hour of fake time and nothing came: run it with TestDomain.Run(main, forMs), or send it what it waits for first");
            MoveTo(target);
        }
    }
}
