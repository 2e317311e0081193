using Bulkhead.Guest.Platform;

namespace Bulkhead.Guest
{
    /// <summary>
    /// How a reader waiting for a ring message idles: interrupts masked from just before it tells the
    /// writer it waits until after it woke, so a doorbell that comes after the flag is set still ends
    /// the WFI (it stays pending) and is taken once interrupts are unmasked. Host mode has its own
    /// (unikernel-sdk/host/RingIdle.cs: the process's clock and doorbell counters).
    /// </summary>
    internal static class RingIdle
    {
        public static void Enter() => Cpu.DisableInterrupts();

        /// <summary>Sleeps until an interrupt, or <paramref name="wakeTicks"/> on the virtual counter at the latest.</summary>
        public static void Sleep(ulong wakeTicks)
        {
            Time.WakeNoLaterThan(wakeTicks);
            Cpu.WaitForInterrupt();
        }

        public static void Leave() => Cpu.EnableInterrupts();
    }
}
