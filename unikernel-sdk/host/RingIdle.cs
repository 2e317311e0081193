using Bulkhead.Host;

namespace Bulkhead.Guest
{
    /// <summary>
    /// Host mode's idle wait for a ring reader (the guest's masks interrupts and waits with WFI): the
    /// process's event thread ends the wait when the doorbell counter moves or the clock reaches the
    /// recheck time.
    /// </summary>
    internal static class RingIdle
    {
        public static void Enter() { }

        public static void Sleep(ulong wakeTicks) => HostRuntime.Clock.Idle(wakeTicks);

        public static void Leave() { }
    }
}
