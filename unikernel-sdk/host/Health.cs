using System;
using System.Threading;
using Bulkhead.Host;

namespace Bulkhead.Guest
{
    /// <summary>Host mode: heartbeats are counted; with watchdog_ms a missed one ends the process (HostWatchdog).</summary>
    public static class Health
    {
        public static void Heartbeat()
        {
            Interlocked.Increment(ref HostRuntime.Heartbeats);
            Volatile.Write(ref HostRuntime.LastHeartbeatTicks, HostRuntime.Clock.Ticks);
        }
    }
}
