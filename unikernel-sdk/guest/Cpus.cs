using Bulkhead.Core.Abi;
using Bulkhead.Guest.Platform;

namespace Bulkhead.Guest
{
    /// <summary>Starting the domain's other virtual CPUs.</summary>
    public static unsafe class Cpus
    {
        /// <summary>
        /// Starts vCPU <paramref name="vcpu"/> of this domain running <paramref name="entry"/>(vcpu).
        /// Returns false when the domain has no such vCPU or it is already running.
        /// </summary>
        public static bool Start(int vcpu, delegate*<int, void> entry)
        {
            GuestRuntime.SetVcpuEntry(vcpu, entry);
            long status = Cpu.Psci(PsciFunction.CpuOn64, (ulong)vcpu, GuestRuntime.SecondaryEntryAddress, (ulong)vcpu);
            return status == 0;
        }
    }
}
