using System.Runtime.CompilerServices;
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
        /// <summary>What access checks and doorbells need of a channel, read in place (no copy of the plan record on the hypercall path).</summary>
        private struct Route
        {
            public uint Writer, ReaderMask, DoorbellIntId, DoorbellLimit;
            public bool Shared;
        }

        private static Route[] s_routes = null!;

        /// <summary>
        /// What CHANNEL_NOTIFY does, per domain and channel (domain * channels + index), worked out
        /// from the routes at boot: the doorbell to raise (plus <see cref="RingLimited"/> when the
        /// channel has a doorbell limit), or the refusal as its negative status.
        /// </summary>
        private static long[] s_rings = null!;
        private static uint s_channelCount;
        private const long RingLimited = 1L << 32;

        /// <summary>At boot (PartitionTable.Build): the routes of the plan's channels.</summary>
        public static void Prepare(in PlanReader plan)
        {
            s_routes = new Route[plan.ChannelCount];
            for (uint i = 0; i < plan.ChannelCount; i++)
            {
                PlanChannel channel = plan.GetChannel(i);
                ref Route route = ref s_routes[i];
                route.Writer = channel.Writer;
                route.ReaderMask = channel.ReaderMask;
                route.DoorbellIntId = channel.DoorbellIntId;
                route.DoorbellLimit = channel.DoorbellLimit;
                route.Shared = channel.Kind == PlanChannelKind.Shared;
            }
            s_channelCount = plan.ChannelCount;
            s_rings = new long[plan.DomainCount * plan.ChannelCount];
            for (uint d = 0; d < plan.DomainCount; d++)
                for (uint i = 0; i < plan.ChannelCount; i++)
                    s_rings[d * plan.ChannelCount + i] = Ring((int)d, ref s_routes[i]);
        }

        /// <summary>The rules of CHANNEL_NOTIFY for one domain and channel, as <see cref="s_rings"/> holds them.</summary>
        private static long Ring(int domain, ref Route route)
        {
            bool writer = route.Writer == (uint)domain;
            if (!writer && !IsReader(ref route, domain)) return HypercallStatus.Denied;
            // Only the writer rings a one-way channel; either side may ring a shared one.
            if (!writer && !route.Shared) return HypercallStatus.Denied;
            if (route.DoorbellIntId == 0) return HypercallStatus.NotSupported;
            return route.DoorbellIntId | (route.DoorbellLimit != 0 ? RingLimited : 0);
        }

        /// <summary>CHANNEL_INFO: a1 = channel index -> r1 = base, r2 = size, r3 = doorbell | role &lt;&lt; 32.</summary>
        public static long Info(int domain, ref HypercallFrame call)
        {
            if (call.A1 >= (ulong)s_routes.Length) return HypercallStatus.InvalidParameters;
            ref Route route = ref s_routes[(int)call.A1];
            bool writer = route.Writer == (uint)domain;
            if (!writer && !IsReader(ref route, domain)) return HypercallStatus.Denied;
            PlanChannel channel = PartitionTable.Plan.GetChannel((uint)call.A1);
            call.R1 = channel.Base;
            call.R2 = channel.Size;
            call.R3 = route.DoorbellIntId | ((writer ? Hypercall.RoleWriter : Hypercall.RoleReader) << 32);
            return HypercallStatus.Success;
        }

        /// <summary>CHANNEL_NOTIFY: a1 = channel index. Plain integer code (the hypercall fast path runs it, inlined).</summary>
        /// <param name="doorbell">set to the interrupt to raise in the other side, else 0</param>
        /// <remarks>One look-up in the table made at boot; the time is read only for a channel with a doorbell limit (out of line).</remarks>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static long Notify<TArch>(int domain, ulong index, out uint doorbell) where TArch : struct, IArchitecture
        {
            doorbell = 0;
            uint channels = s_channelCount;
            if (index >= channels) return HypercallStatus.InvalidParameters;
            long ring = s_rings[(uint)domain * channels + (uint)index];
            if (ring < 0) return ring;
            if ((ring & RingLimited) != 0 && !WithinLimit<TArch>((int)index, s_routes[(int)index].DoorbellLimit)) return HypercallStatus.Busy;
            doorbell = (uint)ring;
            return HypercallStatus.Success;
        }

        /// <summary>
        /// The plan's limit: a writer cannot keep its reader's core in the interrupt handler. A burst
        /// of a hundredth of a second's rings is allowed at once.
        /// </summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static bool WithinLimit<TArch>(int index, uint limit) where TArch : struct, IArchitecture
        {
            uint burst = limit / 100 == 0 ? 1 : limit / 100;
            return PartitionTable.DoorbellBudgets[index].TryTake(1, TArch.NowNs, burst, limit);
        }

        private static bool IsReader(ref Route route, int domain) => domain < 32 && (route.ReaderMask & (1u << domain)) != 0;
    }
}
