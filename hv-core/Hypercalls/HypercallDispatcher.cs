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

        public static GuestCallOutcome Dispatch(int coreIndex, ref HypercallFrame call, out long status)
        {
            ref CoreState core = ref PartitionTable.Cores[coreIndex];
            int domainIndex = core.Domain;
            ref Domain domain = ref PartitionTable.Domains[domainIndex];
            status = HypercallStatus.Success;
            switch ((uint)call.Function)
            {
                case Hypercall.AbiVersion:
                    call.R1 = (Hypercall.VersionMajor << 16) | Hypercall.VersionMinor;
                    return GuestCallOutcome.Return;

                case Hypercall.ConsoleWrite:
                    if (call.A2 > Hypercall.MaxConsoleWrite || !PartitionTable.OwnsRam(domainIndex, call.A1, call.A2, PlanRegionFlags.Read))
                    {
                        status = HypercallStatus.InvalidParameters;
                        return GuestCallOutcome.Return;
                    }
                    DomainConsole<TArch>.Append(ref core, (byte*)call.A1, (uint)call.A2);
                    call.R1 = call.A2;
                    return GuestCallOutcome.Return;

                case Hypercall.ConsoleRead:
                    // Only the domain that has the console; the hypervisor writes: only where the guest may write.
                    if (!PartitionTable.OwnsRam(domainIndex, call.A1, call.A2, PlanRegionFlags.Write))
                    {
                        status = HypercallStatus.InvalidParameters;
                        return GuestCallOutcome.Return;
                    }
                    status = DomainConsole<TArch>.TakeHeld(domainIndex, (byte*)call.A1, call.A2, out call.R1);
                    return GuestCallOutcome.Return;

                case Hypercall.DomainInfo:
                    call.R1 = (ulong)domainIndex;
                    call.R2 = (ulong)core.Vcpu;
                    call.R3 = (ulong)domain.VcpuCount;
                    return GuestCallOutcome.Return;

                case Hypercall.DomainName:
                    // The hypervisor writes for the guest: only where the guest itself may write.
                    if (!PartitionTable.OwnsRam(domainIndex, call.A1, call.A2, PlanRegionFlags.Write))
                    {
                        status = HypercallStatus.InvalidParameters;
                        return GuestCallOutcome.Return;
                    }
                    int n = 0;
                    for (; n < domain.Name.Length && (ulong)n < call.A2; n++) ((byte*)call.A1)[n] = (byte)domain.Name[n];
                    call.R1 = (ulong)domain.Name.Length;
                    return GuestCallOutcome.Return;

                case Hypercall.VcpuStats:
                    call.R1 = core.Traps;
                    return GuestCallOutcome.Return;

                case Hypercall.Heartbeat:
                    Watchdog.Kick(ref domain, TArch.NowNs);
                    return GuestCallOutcome.Return;

                case Hypercall.Yield:
                    return GuestCallOutcome.Return;

                case Hypercall.ChannelInfo:
                    status = Channels.Call((uint)call.Function, domainIndex, ref call, 0, out _);
                    return GuestCallOutcome.Return;

                case Hypercall.ChannelNotify:
                    status = Channels.Call((uint)call.Function, domainIndex, ref call, TArch.NowNs, out uint doorbell);
                    if (doorbell != 0) TArch.RaiseInterrupt(coreIndex, doorbell);
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
                    if (call.A2 <= 128 && PartitionTable.OwnsRam(domainIndex, call.A1, call.A2, PlanRegionFlags.Read)) cause.AppendAscii((byte*)call.A1, (uint)call.A2);
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
