using System;
using System.Threading;
namespace Bulkhead.Host
{
    /// <summary>
    /// The domain's watchdog_ms in host mode: when no heartbeat came within the period (counted from
    /// the start, then from the last heartbeat) the process ends with exit code 1 and a `host:` line.
    /// The hypervisor would restart or stop the domain per its policy; host mode only reports it.
    /// </summary>
    public static class HostWatchdog
    {
        public static void Start()
        {
            ulong periodMs = HostRuntime.WatchdogMs;
            if (periodMs == 0) return;
            var clock = HostRuntime.Clock;
            ulong period = periodMs * (clock.Frequency / 1000);
            new Thread(() =>
            {
                while (true)
                {
                    Thread.Sleep((int)Math.Max(1, periodMs / 4));
                    ulong last = Volatile.Read(ref HostRuntime.LastHeartbeatTicks);
                    if (clock.Ticks - last > period)
                        HostRuntime.Finish(DomainEnd.WatchdogExpired, string.Concat("missed its watchdog: no heartbeat for ", periodMs.ToString(), " ms"));
                }
            }) { IsBackground = true, Name = "bulkhead watchdog" }.Start();
        }
    }
}
