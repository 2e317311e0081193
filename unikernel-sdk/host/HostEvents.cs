using System;
using System.Threading;
using System.Collections.Concurrent;
using Bulkhead.Guest;

namespace Bulkhead.Host
{
    /// <summary>
    /// The interrupt side of a host-mode domain: per-vCPU virtual timers (compare value and enable,
    /// as on the hardware), doorbells of channels this domain reads, and software interrupts between
    /// vCPUs. With the system clock a background thread delivers them (handlers run one at a time,
    /// concurrently with the vCPU threads: docs/host-mode.md); with a fake clock they are delivered
    /// when the test advances it.
    /// </summary>
    public static class HostEvents
    {
        /// <summary>How often the event thread looks at doorbell counters while a doorbell is enabled.</summary>
        public const int DoorbellPollMs = 1;
        /// <summary>A WFI with nothing scheduled still returns this often (WFI may wake spuriously on the hardware too).</summary>
        public const int MaxWaitMs = 100;
        private const uint MaxIntId = 1020;

        private static readonly object s_handlers = new();   // held while a handler runs
        private static readonly object s_kick = new();       // wakes the event thread: timers or enables changed
        private static readonly object s_wake = new();       // wakes vCPUs in WFI: an interrupt was delivered
        private static long s_delivered;
        private static readonly ulong[] s_compare = new ulong[HostRuntime.MaxVcpus];
        private static readonly bool[] s_timerOn = new bool[HostRuntime.MaxVcpus];
        private static readonly bool[] s_enabled = new bool[MaxIntId];
        private static readonly ConcurrentQueue<(uint IntId, int Vcpu)> s_softwareInterrupts = new();
        private static Thread? s_thread;

        [ThreadStatic] private static int t_vcpu;

        /// <summary>The vCPU the calling thread stands for (0 unless Cpus.Start made it, or a handler runs for another).</summary>
        public static int CurrentVcpu { get => t_vcpu; internal set => t_vcpu = value; }

        /// <summary>Clears every timer, enable and pending interrupt (a test's new domain).</summary>
        public static void Reset()
        {
            lock (s_kick)
            {
                Array.Clear(s_compare);
                Array.Clear(s_timerOn);
                Array.Clear(s_enabled);
                s_softwareInterrupts.Clear();
            }
        }

        public static void SetTimerCompare(int vcpu, ulong ticks)
        {
            lock (s_kick) { s_compare[vcpu] = ticks; Monitor.PulseAll(s_kick); }
            StartThread();
        }

        public static ulong TimerCompare(int vcpu)
        {
            lock (s_kick) return s_compare[vcpu];
        }

        public static void SetTimerEnabled(int vcpu, bool on)
        {
            lock (s_kick) { s_timerOn[vcpu] = on; Monitor.PulseAll(s_kick); }
            StartThread();
        }

        public static void SetEnabled(uint intId, bool on)
        {
            if (intId >= MaxIntId) return;
            lock (s_kick) { s_enabled[intId] = on; Monitor.PulseAll(s_kick); }
            StartThread();
        }

        public static bool IsEnabled(uint intId) => intId < MaxIntId && s_enabled[intId];

        public static void SendSoftwareInterrupt(uint intId, int vcpu)
        {
            s_softwareInterrupts.Enqueue((intId, vcpu));
            lock (s_kick) Monitor.PulseAll(s_kick);
            StartThread();
        }

        /// <summary>Sleeps until an interrupt is delivered or <paramref name="deadline"/> (0: none) passes.</summary>
        public static void WaitForInterrupt(ulong deadline)
        {
            var clock = HostRuntime.Clock;
            lock (s_wake)
            {
                long seen = s_delivered;
                ulong now = clock.Ticks;
                int ms = MaxWaitMs;
                if (deadline != 0)
                {
                    if (deadline <= now) return;
                    ms = (int)Math.Min((ulong)MaxWaitMs, (deadline - now) / (clock.Frequency / 1000) + 1);
                }
                if (s_delivered == seen) Monitor.Wait(s_wake, ms);
            }
        }

        /// <summary>The earliest enabled timer's compare value (0 when no timer would fire).</summary>
        public static ulong NextTimerDeadline()
        {
            ulong next = 0;
            lock (s_kick)
                for (int v = 0; v < HostRuntime.MaxVcpus; v++)
                    if (s_timerOn[v] && s_enabled[TimerIntId] && (next == 0 || s_compare[v] < next)) next = Math.Max(1, s_compare[v]);
            return next;
        }

        /// <summary>
        /// Delivers everything due at <paramref name="now"/>: timers (level-triggered: a handler must
        /// move or stop its timer, as on the hardware), doorbells rung since the last look, and
        /// software interrupts. True when something was delivered.
        /// </summary>
        public static bool DeliverDue(ulong now)
        {
            bool any = false;
            for (int v = 0; v < HostRuntime.MaxVcpus; v++)
            {
                bool due;
                lock (s_kick) due = s_timerOn[v] && s_enabled[TimerIntId] && s_compare[v] <= now;
                if (due) { Dispatch(TimerIntId, v); any = true; }
            }
            foreach (uint doorbell in HostRuntime.Channels.TakeRungDoorbells())
                if (IsEnabled(doorbell)) { Dispatch(doorbell, 0); any = true; }
            while (s_softwareInterrupts.TryDequeue(out var sgi))
                if (IsEnabled(sgi.IntId)) { Dispatch(sgi.IntId, sgi.Vcpu); any = true; }
            if (any) lock (s_wake) { s_delivered++; Monitor.PulseAll(s_wake); }
            return any;
        }

        private static uint TimerIntId => Generated.GuestConfig.TimerVirtualIntId;

        private static void Dispatch(uint intId, int vcpu)
        {
            lock (s_handlers)
            {
                int was = t_vcpu;
                t_vcpu = vcpu;
                try { Interrupts.Dispatch(intId); }
                catch (Exception e) when (e is not DomainExit) { HostRuntime.Finish(DomainEnd.Faulted, HostRuntime.Describe(e)); }
                finally { t_vcpu = was; }
            }
        }

        private static void StartThread()
        {
            if (s_thread != null || HostRuntime.Clock is not SystemClock) return;
            lock (s_kick)
            {
                if (s_thread != null) return;
                s_thread = new Thread(Run) { IsBackground = true, Name = "bulkhead interrupts" };
                s_thread.Start();
            }
        }

        private static void Run()
        {
            var clock = HostRuntime.Clock;
            while (true)
            {
                DeliverDue(clock.Ticks);
                ulong next = NextTimerDeadline(), now = clock.Ticks;
                int ms = HostRuntime.Channels.HasDoorbells ? DoorbellPollMs : MaxWaitMs;
                if (next != 0) ms = next <= now ? 0 : (int)Math.Min((ulong)ms, (next - now + clock.Frequency / 1000 - 1) / (clock.Frequency / 1000));
                if (ms == 0 || !s_softwareInterrupts.IsEmpty) continue;
                lock (s_kick) Monitor.Wait(s_kick, ms);
            }
        }
    }
}
