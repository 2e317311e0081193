using System;
using System.Threading;
using Bulkhead.Host;

namespace Bulkhead.Guest
{
    /// <summary>Host mode: a vCPU is a thread of the process.</summary>
    public static unsafe class Cpus
    {
        private static readonly bool[] s_started = new bool[HostRuntime.MaxVcpus];

        /// <summary>
        /// Starts vCPU <paramref name="vcpu"/> of this domain running <paramref name="entry"/>(vcpu).
        /// Returns false when the domain has no such vCPU or it is already running.
        /// </summary>
        public static bool Start(int vcpu, delegate*<int, void> entry)
        {
            lock (s_started)
            {
                if (vcpu <= 0 || vcpu >= HostRuntime.VcpuCount || s_started[vcpu]) return false;
                s_started[vcpu] = true;
            }
            var thread = new Thread(() => HostEntry.RunVcpu(vcpu, entry)) { IsBackground = true, Name = string.Concat("vcpu ", vcpu.ToString()) };
            thread.Start();
            return true;
        }
    }
}
