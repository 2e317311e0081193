using System;
using System.Threading;
using Bulkhead.Host;

namespace Bulkhead.Guest
{
    /// <summary>Host mode: the vCPU of the calling thread, and fatal errors as a failed process.</summary>
    public static class GuestRuntime
    {
        /// <summary>The vCPU executing this code.</summary>
        public static int CurrentVcpu => HostEvents.CurrentVcpu;

        /// <summary>Reports an unrecoverable error: a `host:` line and exit code 1.</summary>
        public static void Fatal(string message, ulong address) =>
            HostRuntime.Finish(DomainEnd.Fatal, string.Concat("fatal error: ", message, " at 0x", address.ToString("x")));
    }
}
