using System;
using System.Threading;
using Bulkhead.Guest;

namespace Bulkhead.Host
{
    /// <summary>
    /// The process's entry point in host mode (the project's StartupObject): the runner's
    /// environment, then the service's Program.Main() on vCPU 0, as GuestRuntime does on the guest.
    /// A vCPU whose work is done idles: the process lives on until the domain powers off or stops.
    /// </summary>
    public static unsafe class HostEntry
    {
        public static void Main()
        {
            HostRuntime.ConfigureFromEnvironment();
            AppDomain.CurrentDomain.UnhandledException += (_, e) =>
                HostRuntime.Finish(DomainEnd.Faulted, e.ExceptionObject is Exception x ? HostRuntime.Describe(x) : "faulted");
            // The counter starts with the service, as the domain's counter is near zero when it boots.
            HostRuntime.Clock = new SystemClock();
            HostWatchdog.Start();
            RunVcpu(0, null);
        }

        internal static void RunVcpu(int vcpu, delegate*<int, void> entry)
        {
            HostEvents.CurrentVcpu = vcpu;
            try
            {
                if (vcpu == 0) global::Program.Main();
                else entry(vcpu);
                while (true) Interrupts.WaitForInterrupt();
            }
            catch (Exception e) when (e is not DomainExit)
            {
                HostRuntime.Finish(DomainEnd.Faulted, HostRuntime.Describe(e));
            }
        }
    }
}
