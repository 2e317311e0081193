using System.Runtime.CompilerServices;
using Bulkhead.Core.Abi;
using Bulkhead.Core.Partition;
using Bulkhead.Core.Plan;
using Bulkhead.Core.Text;

namespace Bulkhead.Core.Hypercalls
{
    /// <summary>Arguments and results of one hypercall, in the ABI's register order (docs/abi.md).</summary>
    public struct HypercallFrame
    {
        public ulong Function;
        public ulong A1, A2, A3;
        /// <summary>Results; the backend copies them back only for <see cref="GuestCallOutcome.Return"/>.</summary>
        public ulong R1, R2, R3;
    }

    /// <summary>What the backend does after a guest call (hypercall or PSCI).</summary>
    public enum GuestCallOutcome
    {
        /// <summary>Return to the guest with the status and results.</summary>
        Return,
        /// <summary>The calling vCPU or its domain changed (stopped, restarted, vCPU off): check in instead of returning.</summary>
        CheckIn,
    }

    /// <summary>The hypercall ABI, the same for every architecture.</summary>
    public static unsafe class HypercallDispatcher<TArch> where TArch : struct, IArchitecture
    {
        public static bool IsHypercall(ulong function) => (function & 0xFFFF0000) == Hypercall.ServiceBase;

        /// <summary><see cref="DispatchSimple"/>'s answer for a function that is not one of its calls.</summary>
        public const long NotSimple = unchecked((long)0x8000000000000000UL);

        /// <summary>
        /// The calls that take at most one argument, never stop the caller and never touch guest
        /// memory: ABI_VERSION, HEARTBEAT, CHANNEL_NOTIFY, YIELD, VCPU_STATS, DOMAIN_INFO (most
        /// frequent first). <see cref="Dispatch"/> calls this first, with the caller's run checked
        /// (<see cref="GuestCalls{TArch}.Handle"/>); a backend's fast path calls the functions below
        /// directly, one per call, with the same check done by <see cref="CoreRun.LiveDomain"/>.
        /// Plain integer code (no struct copies), so a backend can run it without saving the
        /// caller's FP/SIMD state. <paramref name="r1"/>..<paramref name="r3"/> are changed only
        /// where the call defines results (the backends start them as a1..a3).
        /// </summary>
        /// <returns>the status, or <see cref="NotSimple"/> (nothing done) for any other function</returns>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static long DispatchSimple(int coreIndex, uint function, ulong a1, ref ulong r1, ref ulong r2, ref ulong r3)
        {
            if (function == Hypercall.AbiVersion) return AbiVersion(out r1);
            if (function == Hypercall.Heartbeat) return Heartbeat(PartitionTable.Cores[coreIndex].Domain);
            if (function == Hypercall.ChannelNotify) return ChannelNotify(coreIndex, PartitionTable.Cores[coreIndex].Domain, a1);
            if (function == Hypercall.Yield) return HypercallStatus.Success;
            if (function == Hypercall.VcpuStats) return VcpuStats(coreIndex, out r1);
            if (function == Hypercall.DomainInfo) return DomainInfo(coreIndex, out r1, out r2, out r3);
            return NotSimple;
        }

        /// <summary>ABI_VERSION: r1 = major &lt;&lt; 16 | minor.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static long AbiVersion(out ulong r1)
        {
            r1 = (Hypercall.VersionMajor << 16) | Hypercall.VersionMinor;
            return HypercallStatus.Success;
        }

        /// <summary>HEARTBEAT: the caller's domain feeds its watchdog.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static long Heartbeat(int domain)
        {
            Watchdog.Kick(ref PartitionTable.Domains[domain], TArch.NowNs);
            return HypercallStatus.Success;
        }

        /// <summary>CHANNEL_NOTIFY a1: rings the channel's doorbell in its other side, if the caller may.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static long ChannelNotify(int coreIndex, int domain, ulong a1)
        {
            long status = Channels.Notify<TArch>(domain, a1, out uint doorbell);
            if (doorbell != 0) TArch.RaiseInterrupt(coreIndex, doorbell);
            return status;
        }

        /// <summary>VCPU_STATS: r1 = the calling vCPU's exits so far.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static long VcpuStats(int coreIndex, out ulong r1)
        {
            r1 = PartitionTable.Runs[coreIndex].Traps;
            return HypercallStatus.Success;
        }

        /// <summary>DOMAIN_INFO: r1 = domain index, r2 = vCPU index, r3 = the domain's vCPU count.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static long DomainInfo(int coreIndex, out ulong r1, out ulong r2, out ulong r3)
        {
            ref CoreState core = ref PartitionTable.Cores[coreIndex];
            r1 = (ulong)core.Domain;
            r2 = (ulong)core.Vcpu;
            r3 = (ulong)PartitionTable.Domains[core.Domain].VcpuCount;
            return HypercallStatus.Success;
        }

        public static GuestCallOutcome Dispatch(int coreIndex, ref HypercallFrame call, out long status)
        {
            status = DispatchSimple(coreIndex, (uint)call.Function, call.A1, ref call.R1, ref call.R2, ref call.R3);
            if (status != NotSimple) return GuestCallOutcome.Return;
            status = HypercallStatus.Success;
            ref CoreState core = ref PartitionTable.Cores[coreIndex];
            int domainIndex = core.Domain;
            ref Domain domain = ref PartitionTable.Domains[domainIndex];
            switch ((uint)call.Function)
            {

                case Hypercall.ConsoleWrite:
                    if (call.A2 > Hypercall.MaxConsoleWrite || !PartitionTable.OwnsRam(domainIndex, call.A1, call.A2, PlanRegionFlags.Read))
                    {
                        status = HypercallStatus.InvalidParameters;
                        return GuestCallOutcome.Return;
                    }
                    if (GuestRam.Direct(domainIndex, call.A1, call.A2, out byte* text)) DomainConsole<TArch>.Append(ref core, text, (uint)call.A2);
                    else ColoredBuffers<TArch>.ConsoleWrite(ref core, domainIndex, call.A1, call.A2); // coloured RAM: the bytes span scattered pages
                    call.R1 = call.A2;
                    return GuestCallOutcome.Return;

                case Hypercall.ConsoleRead:
                    // Only the domain that has the console; the hypervisor writes: only where the guest may write.
                    if (!PartitionTable.OwnsRam(domainIndex, call.A1, call.A2, PlanRegionFlags.Write))
                    {
                        status = HypercallStatus.InvalidParameters;
                        return GuestCallOutcome.Return;
                    }
                    if (GuestRam.Direct(domainIndex, call.A1, call.A2, out byte* held)) status = DomainConsole<TArch>.TakeHeld(domainIndex, held, call.A2, out call.R1);
                    else status = ColoredBuffers<TArch>.ConsoleRead(domainIndex, call.A1, call.A2, out call.R1);
                    return GuestCallOutcome.Return;

                case Hypercall.DomainName:
                    // The hypervisor writes for the guest: only where the guest itself may write.
                    if (!PartitionTable.OwnsRam(domainIndex, call.A1, call.A2, PlanRegionFlags.Write))
                    {
                        status = HypercallStatus.InvalidParameters;
                        return GuestCallOutcome.Return;
                    }
                    int n = 0;
                    for (; n < domain.Name.Length && (ulong)n < call.A2; n++) *(byte*)GuestRam.ToPhysical(domainIndex, call.A1 + (ulong)n) = (byte)domain.Name[n];
                    call.R1 = (ulong)domain.Name.Length;
                    return GuestCallOutcome.Return;

                case Hypercall.ChannelInfo:
                    status = Channels.Info(domainIndex, ref call);
                    return GuestCallOutcome.Return;

                case Hypercall.MgmtList:
                    status = Management<TArch>.List(domainIndex, ref call);
                    return GuestCallOutcome.Return;

                case Hypercall.MgmtStatus:
                    status = Management<TArch>.Status(domainIndex, ref call);
                    return GuestCallOutcome.Return;

                case Hypercall.MgmtControl:
                    status = Management<TArch>.Control(domainIndex, ref call);
                    return GuestCallOutcome.Return;

                case Hypercall.MgmtConsole:
                    status = Management<TArch>.Console(domainIndex, ref call);
                    return GuestCallOutcome.Return;

                case Hypercall.DomainStop:
                    DomainControl<TArch>.Stop(coreIndex, "stopped itself");
                    return GuestCallOutcome.CheckIn;

                case Hypercall.DomainRestart:
                    DomainControl<TArch>.Restart(coreIndex, "restart requested by the domain");
                    return GuestCallOutcome.CheckIn;

                case Hypercall.FatalError:
                    LineBuffer cause = default;
                    cause.Append("fatal error reported by the guest: ");
                    if (call.A2 <= 128 && PartitionTable.OwnsRam(domainIndex, call.A1, call.A2, PlanRegionFlags.Read))
                    {
                        if (GuestRam.Direct(domainIndex, call.A1, call.A2, out byte* message)) cause.AppendAscii(message, (uint)call.A2);
                        else ColoredBuffers<TArch>.AppendText(ref cause, domainIndex, call.A1, call.A2);
                    }
                    else cause.Append("(message outside the domain's memory)");
                    cause.Append(" at ");
                    cause.AppendHex(call.A3, 16);
                    DomainControl<TArch>.Fault(coreIndex, ref cause);
                    return GuestCallOutcome.CheckIn;

                default:
                    status = HypercallStatus.NotSupported;
                    return GuestCallOutcome.Return;
            }
        }
    }
}
