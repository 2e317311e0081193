using Bulkhead.Core.Abi;
using Bulkhead.Generated;
using Bulkhead.Guest.Platform;

namespace Bulkhead.Guest
{
    /// <summary>The domain's watchdog: call <see cref="Heartbeat"/> within the plan's watchdog period.</summary>
    public static class Health
    {
        public static void Heartbeat()
        {
            if (!GuestConfig.Native) Cpu.Hypercall(Hypercall.Heartbeat, 0, 0, 0, out _);
        }
    }
}
