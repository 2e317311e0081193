using Bulkhead.Core.Abi;
using Bulkhead.Core.Partition;
using Bulkhead.Core.Plan;

namespace Bulkhead.Core.Hypercalls
{
    /// <summary>
    /// Inter-domain channels: shared memory the plan maps into the writer (read-write) and the
    /// readers (read-only for one-way channels), plus a doorbell interrupt the writer rings in the
    /// reader. The memory needs no hypervisor help; these calls only describe it and ring the bell.
    /// </summary>
    public static class Channels
    {
        /// <param name="doorbell">set to the interrupt to raise in the reader (CHANNEL_NOTIFY), else 0</param>
        /// <param name="nowNs">the time, for the channel's doorbell limit (CHANNEL_NOTIFY only)</param>
        public static long Call(uint function, int domain, ref HypercallFrame call, ulong nowNs, out uint doorbell)
        {
            doorbell = 0;
            var plan = PartitionTable.Plan;
            if (call.A1 >= plan.ChannelCount) return HypercallStatus.InvalidParameters;
            PlanChannel channel = plan.GetChannel((uint)call.A1);
            bool writer = channel.Writer == (uint)domain;
            bool reader = domain < 32 && (channel.ReaderMask & (1u << domain)) != 0;
            if (!writer && !reader) return HypercallStatus.Denied;

            if (function == Hypercall.ChannelInfo)
            {
                call.R1 = channel.Base;
                call.R2 = channel.Size;
                call.R3 = channel.DoorbellIntId | ((writer ? Hypercall.RoleWriter : Hypercall.RoleReader) << 32);
                return HypercallStatus.Success;
            }
            // Only the writer rings a one-way channel; either side may ring a shared one.
            if (!writer && channel.Kind != PlanChannelKind.Shared) return HypercallStatus.Denied;
            if (channel.DoorbellIntId == 0) return HypercallStatus.NotSupported;
            // The plan's limit: a writer cannot keep its reader's core in the interrupt handler.
            // A burst of a hundredth of a second's rings is allowed at once.
            if (channel.DoorbellLimit != 0)
            {
                uint burst = channel.DoorbellLimit / 100 == 0 ? 1 : channel.DoorbellLimit / 100;
                if (!PartitionTable.DoorbellBudgets[(int)call.A1].TryTake(1, nowNs, burst, channel.DoorbellLimit))
                    return HypercallStatus.Busy;
            }
            doorbell = channel.DoorbellIntId;
            return HypercallStatus.Success;
        }
    }
}
