using Bulkhead.Core.Abi;
using Bulkhead.Guest.Platform;

namespace Bulkhead.Guest
{
    /// <summary>The domain's watchdog: call <see cref="Heartbeat"/> within the plan's watchdog period.</summary>
    public static class Health
    {
        public static void Heartbeat() => Cpu.Hypercall(Hypercall.Heartbeat, 0, 0, 0, out _);
    }
}
