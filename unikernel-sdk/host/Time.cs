using System;
using System.Threading;
using Bulkhead.Generated;
using Bulkhead.Host;

namespace Bulkhead.Guest
{
    /// <summary>
    /// Host mode: time from HostRuntime.Clock (the host's monotonic clock, or a test's FakeClock) and
    /// a periodic tick per vCPU from HostEvents' virtual timers. Same rules as the guest's Time.
    /// </summary>
    public static unsafe partial class Time
    {
        private const int MaxVcpus = HostRuntime.MaxVcpus;
        private static readonly ulong[] s_period = new ulong[MaxVcpus];  // per vCPU: ticks between callbacks
        private static readonly nint[] s_tick = new nint[MaxVcpus];     // per vCPU: the periodic callback

        /// <summary>Counter ticks per second.</summary>
        public static ulong Frequency => HostRuntime.Clock.Frequency;

        /// <summary>The counter (monotonic, shared by all vCPUs).</summary>
        public static ulong Ticks => HostRuntime.Clock.Ticks;

        /// <summary>Milliseconds since the counter started (the process's start; a FakeClock's zero).</summary>
        public static ulong Milliseconds => Ticks / (Frequency / 1000);

        /// <summary>Waits for at least <paramref name="milliseconds"/> (host: sleeps; a FakeClock advances).</summary>
        public static void Sleep(ulong milliseconds)
        {
            ulong end = Ticks + milliseconds * (Frequency / 1000);
            while (Ticks < end) HostRuntime.Clock.Idle(end);
        }

        /// <summary>
        /// Calls <paramref name="callback"/> (with the vCPU index) every <paramref name="periodMs"/>
        /// milliseconds on the calling vCPU, from the virtual-timer interrupt.
        /// </summary>
        public static void Every(ulong periodMs, delegate*<int, void> callback)
        {
            int vcpu = GuestRuntime.CurrentVcpu;
            s_period[vcpu] = periodMs * (Frequency / 1000);
            s_tick[vcpu] = (nint)callback;
            Interrupts.Register(GuestConfig.TimerVirtualIntId, &OnTimer);
            Interrupts.Enable(GuestConfig.TimerVirtualIntId);
            HostEvents.SetTimerCompare(vcpu, Ticks + s_period[vcpu]);
            HostEvents.SetTimerEnabled(vcpu, true);
        }

        /// <summary>
        /// One-shot: the virtual-timer interrupt fires when <see cref="Ticks"/> reaches
        /// <paramref name="ticks"/> (register a handler for GuestConfig.TimerVirtualIntId first).
        /// Not to be mixed with <see cref="Every"/> on the same vCPU.
        /// </summary>
        public static void SetDeadline(ulong ticks)
        {
            HostEvents.SetTimerCompare(GuestRuntime.CurrentVcpu, ticks);
            HostEvents.SetTimerEnabled(GuestRuntime.CurrentVcpu, true);
        }

        /// <summary>Stops the virtual timer of the calling vCPU.</summary>
        public static void CancelDeadline() => HostEvents.SetTimerEnabled(GuestRuntime.CurrentVcpu, false);

        /// <summary>Forgets every periodic callback (a test's new domain).</summary>
        internal static void Reset()
        {
            Array.Clear(s_period);
            Array.Clear(s_tick);
        }

        private static void OnTimer(uint intId)
        {
            int vcpu = GuestRuntime.CurrentVcpu;
            // From the last deadline, not from now: a host thread wakes up to milliseconds late, and
            // the guest's tick (microseconds late) does not drift visibly. Far behind: from now.
            ulong next = HostEvents.TimerCompare(vcpu) + s_period[vcpu];
            HostEvents.SetTimerCompare(vcpu, next > Ticks ? next : Ticks + s_period[vcpu]);
            var tick = (delegate*<int, void>)s_tick[vcpu];
            if (tick != null) tick(vcpu);
        }
    }
}
