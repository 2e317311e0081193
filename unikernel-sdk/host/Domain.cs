using System;
using System.Threading;
using Bulkhead.Host;

namespace Bulkhead.Guest
{
    /// <summary>Host mode: the domain is this process; its end is the process's exit (docs/host-mode.md).</summary>
    public static class Domain
    {
        /// <summary>The domain's number in the system file (0 for a service run alone).</summary>
        public static int Id => HostRuntime.DomainId;

        /// <summary>Which of the domain's virtual CPUs is running this code (0 = the first).</summary>
        public static int CurrentVcpu => HostEvents.CurrentVcpu;

        /// <summary>How many virtual CPUs the domain has (its `cores:` count).</summary>
        public static int VcpuCount => HostRuntime.VcpuCount;

        /// <summary>The domain's name from the system description.</summary>
        public static string Name => HostRuntime.DomainName;

        /// <summary>Stops the whole domain: the process exits with code 0. Does not return.</summary>
        public static void Stop() => HostRuntime.Finish(DomainEnd.Stopped, null);

        /// <summary>The process exits with code 1 and says so; `run --host` restarts it as its restart policy allows.</summary>
        public static void Restart() => HostRuntime.Finish(DomainEnd.RestartRequested, "asked for a restart (DOMAIN_RESTART)");

        /// <summary>PSCI SYSTEM_RESET: as <see cref="Restart"/>.</summary>
        public static void Reset() => HostRuntime.Finish(DomainEnd.RestartRequested, "asked for a reset (SYSTEM_RESET)");

        /// <summary>PSCI SYSTEM_OFF: the process exits with code 0.</summary>
        public static void PowerOff() => HostRuntime.Finish(DomainEnd.PoweredOff, null);
    }
}
