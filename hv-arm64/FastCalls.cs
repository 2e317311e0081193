using System.Runtime;
using System.Runtime.CompilerServices;
using Bulkhead.Core.Hypercalls;
using Bulkhead.Core.Partition;
using Bulkhead.Runtime;
using Dispatcher = Bulkhead.Core.Hypercalls.HypercallDispatcher<Bulkhead.Arm64.Arm64Architecture>;

namespace Bulkhead.Arm64
{
    /// <summary>
    /// The hypercall fast path (boot/vectors.S, hv_fast_calls): one entry per call on the fast
    /// list, reached by function number straight from the vector with only x0-x18 and x30 saved.
    /// Each serves its call with hv-core's own code for it when the core's vCPU is live
    /// (<see cref="CoreRun.LiveDomain"/>) and otherwise returns <see cref="Slow"/>: the vector then
    /// takes the full path (<c>hv_fast_fallback</c>), which checks the run again as every call does.
    /// </summary>
    /// <remarks>Runtime exports (no transition frame), called with the frame and this core's index.</remarks>
    internal static unsafe class FastCalls
    {
        private const ulong Done = 0, Slow = 1;

        /// <summary>PartitionTable.Runs in place: the hypervisor's heap never moves an object, and a pointer needs no bounds check.</summary>
        private static CoreRun* s_runs;

        /// <summary>At boot, once the partition table exists.</summary>
        public static void Prepare() => s_runs = (CoreRun*)Unsafe.AsPointer(ref PartitionTable.Runs[0]);

        /// <summary>True, and the exit counted, when the core's vCPU runs in its domain's current run.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static bool Live(int core, out int domain)
        {
            ref CoreRun run = ref s_runs[core];
            domain = run.LiveDomain - 1;
            if (domain < 0) return false;
            run.Traps++;
            return true;
        }

        [RuntimeExport("hv_fast_abi_version")]
        private static ulong AbiVersion(TrapFrame* frame, int core)
        {
            if (!Live(core, out int domain)) return Slow;
            frame->X[0] = (ulong)Dispatcher.AbiVersion(out ulong version);
            frame->X[1] = version;
            return Done;
        }

        [RuntimeExport("hv_fast_heartbeat")]
        private static ulong Heartbeat(TrapFrame* frame, int core)
        {
            if (!Live(core, out int domain)) return Slow;
            frame->X[0] = (ulong)Dispatcher.Heartbeat(domain);
            return Done;
        }

        [RuntimeExport("hv_fast_channel_notify")]
        private static ulong ChannelNotify(TrapFrame* frame, int core)
        {
            if (!Live(core, out int domain)) return Slow;
            frame->X[0] = (ulong)Dispatcher.ChannelNotify(core, domain, frame->X[1]);
            return Done;
        }

        [RuntimeExport("hv_fast_yield")]
        private static ulong Yield(TrapFrame* frame, int core)
        {
            if (!Live(core, out int domain)) return Slow;
            frame->X[0] = (ulong)Bulkhead.Core.Abi.HypercallStatus.Success;
            return Done;
        }

        [RuntimeExport("hv_fast_vcpu_stats")]
        private static ulong VcpuStats(TrapFrame* frame, int core)
        {
            if (!Live(core, out int domain)) return Slow;
            frame->X[0] = (ulong)Dispatcher.VcpuStats(core, out ulong traps);
            frame->X[1] = traps;
            return Done;
        }

        [RuntimeExport("hv_fast_domain_info")]
        private static ulong DomainInfo(TrapFrame* frame, int core)
        {
            if (!Live(core, out int domain)) return Slow;
            frame->X[0] = (ulong)Dispatcher.DomainInfo(core, out ulong id, out ulong vcpu, out ulong vcpus);
            frame->X[1] = id;
            frame->X[2] = vcpu;
            frame->X[3] = vcpus;
            return Done;
        }
    }
}
