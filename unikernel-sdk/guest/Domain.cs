using Bulkhead.Core.Abi;
using Bulkhead.Generated;
using Bulkhead.Guest.Platform;

namespace Bulkhead.Guest
{
    /// <summary>Facts about the domain this service runs in, and its lifecycle.</summary>
    public static unsafe class Domain
    {
        /// <summary>The domain's number in the partition plan.</summary>
        public static int Id { get { if (GuestConfig.Native) return 0; Cpu.Hypercall(Hypercall.DomainInfo, 0, 0, 0, out var r); return (int)r.R1; } }

        /// <summary>Which of the domain's virtual CPUs is running this code (0 = the first).</summary>
        public static int CurrentVcpu { get { if (GuestConfig.Native) return GuestRuntime.CurrentVcpu; Cpu.Hypercall(Hypercall.DomainInfo, 0, 0, 0, out var r); return (int)r.R2; } }

        /// <summary>How many virtual CPUs (= physical cores) the domain owns.</summary>
        public static int VcpuCount { get { if (GuestConfig.Native) return 1; Cpu.Hypercall(Hypercall.DomainInfo, 0, 0, 0, out var r); return (int)r.R3; } }

        /// <summary>The domain's name from the system description.</summary>
        public static string Name
        {
            get
            {
                if (GuestConfig.Native) return "native";
                byte* buffer = stackalloc byte[32];
                if (Cpu.Hypercall(Hypercall.DomainName, (ulong)buffer, 32, 0, out var r) != HypercallStatus.Success) return "?";
                return string.FromAscii(buffer, (int)r.R1);
            }
        }

        /// <summary>Stops the whole domain (all its vCPUs). Does not return.</summary>
        public static void Stop()
        {
            ConsoleRing.End();
            Cpu.Hypercall(Hypercall.DomainStop, 0, 0, 0, out _);
            while (true) Cpu.WaitForInterrupt();
        }

        /// <summary>Restarts the domain from its entry point (counts toward its restart limit).</summary>
        public static void Restart()
        {
            Cpu.Hypercall(Hypercall.DomainRestart, 0, 0, 0, out _);
            while (true) Cpu.WaitForInterrupt();
        }

        /// <summary>PSCI SYSTEM_RESET: for a domain, the hypervisor restarts only this domain (counts toward its restart limit).</summary>
        public static void Reset()
        {
            Cpu.Psci(PsciFunction.SystemReset, 0, 0, 0);
            while (true) Cpu.WaitForInterrupt();
        }

        /// <summary>PSCI SYSTEM_OFF: for a domain, the hypervisor stops only this domain.</summary>
        public static void PowerOff()
        {
            ConsoleRing.End();
            Cpu.Psci(PsciFunction.SystemOff, 0, 0, 0);
            while (true) Cpu.WaitForInterrupt();
        }
    }
}
