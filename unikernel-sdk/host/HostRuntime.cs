using System;
using System.Threading;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;

namespace Bulkhead.Host
{
    /// <summary>
    /// The domain a host-mode process (or a unit test) stands for: its name, vCPUs, clock, channels
    /// and where its console lines and its end go. A process reads it from the environment the
    /// runner (`bulkhead run --host`) sets; tests set it up with Testing.TestDomain.
    /// </summary>
    public static class HostRuntime
    {
        /// <summary>Environment variables `bulkhead run --host` passes to each domain's process.</summary>
        public const string NameVariable = "BULKHEAD_HOST_DOMAIN", IdVariable = "BULKHEAD_HOST_DOMAIN_ID",
            VcpusVariable = "BULKHEAD_HOST_VCPUS", WatchdogVariable = "BULKHEAD_HOST_WATCHDOG_MS",
            RunDirectoryVariable = "BULKHEAD_HOST_RUN", ChannelsVariable = "BULKHEAD_HOST_CHANNELS";

        /// <summary>The domains' vCPU limit, as in the guest runtime.</summary>
        public const int MaxVcpus = 8;

        public static string DomainName { get; set; } = "host";
        public static int DomainId { get; set; }
        public static int VcpuCount { get; set; } = 1;
        public static HostClock Clock { get; set; } = new SystemClock();
        public static HostChannelTable Channels { get; set; } = HostChannelTable.Empty;

        /// <summary>Receives each complete console line, already prefixed with `[name] `.</summary>
        public static Action<string> ConsoleLine { get; set; } = WriteToStdout;

        /// <summary>How the domain ends: a process exits; a test unwinds with <see cref="DomainExit"/>.</summary>
        public static Action<DomainEnd, string?> End { get; set; } = ExitProcess;

        /// <summary>Heartbeats so far (Health.Heartbeat) and when the last one came.</summary>
        public static long Heartbeats;
        public static ulong LastHeartbeatTicks;

        /// <summary>The watchdog period in milliseconds (0: none), from the system file's watchdog_ms.</summary>
        public static ulong WatchdogMs { get; set; }

        /// <summary>Reads the runner's environment variables; without them: domain "host", one vCPU, no channels.</summary>
        public static void ConfigureFromEnvironment()
        {
            DomainName = Environment.GetEnvironmentVariable(NameVariable) is { Length: > 0 } name ? name : "host";
            DomainId = int.TryParse(Environment.GetEnvironmentVariable(IdVariable), out int id) ? id : 0;
            VcpuCount = int.TryParse(Environment.GetEnvironmentVariable(VcpusVariable), out int n) && n is > 0 and <= MaxVcpus ? n : 1;
            WatchdogMs = ulong.TryParse(Environment.GetEnvironmentVariable(WatchdogVariable), out ulong w) ? w : 0;
            Channels = HostChannelTable.Parse(Environment.GetEnvironmentVariable(ChannelsVariable), Environment.GetEnvironmentVariable(RunDirectoryVariable));
        }

        /// <summary>A line of the domain's console, with the prefix the hypervisor adds.</summary>
        public static void WriteConsoleLine(string text) => ConsoleLine(string.Concat("[", DomainName, "] ", text));

        private static readonly object s_stdout = new();

        private static void WriteToStdout(string line)
        {
            lock (s_stdout)
            {
                System.Console.Out.Write(line + "\n");
                System.Console.Out.Flush();
            }
        }

        /// <summary>
        /// Power-off and stop end the process with exit code 0; a fatal error, a fault (an exception the
        /// service did not expect), a missed watchdog or a restart request print a `host:` line and exit 1.
        /// </summary>
        private static void ExitProcess(DomainEnd end, string? why)
        {
            Bulkhead.Guest.Console.FlushPartialLine();
            if (why != null) WriteToStdout(string.Concat("host: domain ", DomainName, " ", why));
            System.Console.Out.Flush();
            Environment.Exit(end is DomainEnd.PoweredOff or DomainEnd.Stopped ? 0 : 1);
        }

        /// <summary>Ends the domain (does not return).</summary>
        [DoesNotReturn]
        public static void Finish(DomainEnd end, string? why)
        {
            End(end, why);
            // A test's End throws; a process has exited. Nothing runs past here.
            throw new DomainExit(end, why);
        }

        /// <summary>The text of an unexpected exception, as the hypervisor would report a fault.</summary>
        public static string Describe(Exception e) => string.Concat("faulted: ", e.GetType().Name, ": ", e.Message);
    }

    /// <summary>How a domain ended.</summary>
    public enum DomainEnd { PoweredOff, Stopped, RestartRequested, Fatal, Faulted, WatchdogExpired, StillRunning }

    /// <summary>Unwinds a test's domain when the service powers off, stops or fails (the guest's calls do not return).</summary>
    public sealed class DomainExit(DomainEnd end, string? why) : Exception(why ?? end.ToString())
    {
        public DomainEnd End { get; } = end;
        public string? Why { get; } = why;
    }
}
