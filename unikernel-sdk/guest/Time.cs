using Bulkhead.Generated;
using Bulkhead.Guest.Platform;

namespace Bulkhead.Guest
{
    /// <summary>
    /// Time from the virtual counter, and a periodic tick from the virtual timer (one per vCPU).
    /// </summary>
    public static unsafe partial class Time
    {
        private const int MaxVcpus = 8;
        private static ulong* s_period;               // per vCPU: ticks between callbacks
        private static delegate*<int, void>* s_tick;  // per vCPU: the periodic callback

        /// <summary>Counter ticks per second.</summary>
        public static ulong Frequency => Cpu.CounterFrequency();

        /// <summary>The virtual counter (monotonic, shared by all vCPUs).</summary>
        public static ulong Ticks => Cpu.ReadCounter();

        /// <summary>Milliseconds since the counter started.</summary>
        public static ulong Milliseconds => Ticks / (Frequency / 1000);

        /// <summary>Waits for at least <paramref name="milliseconds"/> without leaving the core.</summary>
        public static void Sleep(ulong milliseconds)
        {
            ulong end = Ticks + milliseconds * (Frequency / 1000);
            while (Ticks < end) { }
        }

        /// <summary>
        /// Calls <paramref name="callback"/> (with the vCPU index) every <paramref name="periodMs"/>
        /// milliseconds on the calling vCPU, from the virtual-timer interrupt.
        /// </summary>
        public static void Every(ulong periodMs, delegate*<int, void> callback)
        {
            int vcpu = GuestRuntime.CurrentVcpu;
            s_period[vcpu] = periodMs * (Frequency / 1000);
            s_tick[vcpu] = callback;
            Interrupts.Register(GuestConfig.TimerVirtualIntId, &OnTimer);
            Interrupts.Enable(GuestConfig.TimerVirtualIntId);
            Cpu.SetTimerCompare(Ticks + s_period[vcpu]);
            Cpu.SetTimerControl(Cpu.TimerEnable);
            Cpu.EnableInterrupts();
        }

        internal static void InitializeTables()
        {
            s_period = (ulong*)Memory.AllocateZeroed(MaxVcpus * sizeof(ulong));
            s_tick = (delegate*<int, void>*)Memory.AllocateZeroed(MaxVcpus * (uint)sizeof(nuint));
        }

        /// <summary>
        /// One-shot: the virtual-timer interrupt fires when <see cref="Ticks"/> reaches
        /// <paramref name="ticks"/> (register a handler for GuestConfig.TimerVirtualIntId first).
        /// Not to be mixed with <see cref="Every"/> on the same vCPU.
        /// </summary>
        public static void SetDeadline(ulong ticks)
        {
            Cpu.SetTimerCompare(ticks);
            Cpu.SetTimerControl(Cpu.TimerEnable);
        }

        /// <summary>
        /// Makes sure a WFI on the calling vCPU ends by <paramref name="ticks"/>: the periodic tick
        /// does when <see cref="Every"/> runs here, else a one-shot deadline that stops itself
        /// (message rings bound their sleep with it; it replaces a deadline set with <see cref="SetDeadline"/>).
        /// </summary>
        internal static void WakeNoLaterThan(ulong ticks)
        {
            if (s_tick[GuestRuntime.CurrentVcpu] != null) return;
            Interrupts.Register(GuestConfig.TimerVirtualIntId, &OnWakeDeadline);
            Interrupts.Enable(GuestConfig.TimerVirtualIntId);
            SetDeadline(ticks);
        }

        private static void OnWakeDeadline(uint intId) => CancelDeadline();

        /// <summary>Stops the virtual timer of the calling vCPU.</summary>
        public static void CancelDeadline() => Cpu.SetTimerControl(Cpu.TimerOff);

        private static void OnTimer(uint intId)
        {
            int vcpu = GuestRuntime.CurrentVcpu;
            Cpu.SetTimerCompare(Ticks + s_period[vcpu]);
            if (s_tick[vcpu] != null) s_tick[vcpu](vcpu);
        }
    }
}
