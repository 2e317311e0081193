using Bulkhead.Core.Abi;
using Bulkhead.Core.Partition;
using Bulkhead.Core.Text;

namespace Bulkhead.Core.Hypercalls
{
    /// <summary>Arguments and results of one hypercall, in the ABI's register order (docs/abi.md).</summary>
    public struct HypercallFrame
    {
        public ulong Function;
        public ulong A1, A2, A3;
        public ulong R1, R2, R3;
        /// <summary>When the call was made (nanoseconds since reset), for the watchdog.</summary>
        public ulong TimeNs;
        /// <summary>Set by the dispatcher: an interrupt (a channel doorbell) the backend must raise.</summary>
        public uint RaiseInterrupt;
    }

    /// <summary>What the backend does after a hypercall.</summary>
    public enum HypercallOutcome
    {
        /// <summary>Return to the guest with the status and results.</summary>
        Return,
        /// <summary>The calling domain stopped or restarts: check in instead of returning.</summary>
        CheckIn,
    }

    /// <summary>The hypercall ABI, the same for every architecture.</summary>
    public static unsafe class HypercallDispatcher<TArch> where TArch : struct, IArchitecture
    {
        public static bool IsHypercall(ulong function) => (function & 0xFFFF0000) == Hypercall.ServiceBase;

        public static HypercallOutcome Dispatch(int coreIndex, ref HypercallFrame call, out long status)
        {
            ref CoreState core = ref PartitionTable.Cores[coreIndex];
            int domainIndex = core.Domain;
            ref Domain domain = ref PartitionTable.Domains[domainIndex];
            status = HypercallStatus.Success;
            switch ((uint)call.Function)
            {
                case Hypercall.AbiVersion:
                    call.R1 = (Hypercall.VersionMajor << 16) | Hypercall.VersionMinor;
                    return HypercallOutcome.Return;

                case Hypercall.ConsoleWrite:
                    if (call.A2 > Hypercall.MaxConsoleWrite || !PartitionTable.OwnsRam(domainIndex, call.A1, call.A2))
                    {
                        status = HypercallStatus.InvalidParameters;
                        return HypercallOutcome.Return;
                    }
                    DomainConsole<TArch>.Append(ref core, (byte*)call.A1, (uint)call.A2);
                    call.R1 = call.A2;
                    return HypercallOutcome.Return;

                case Hypercall.DomainInfo:
                    call.R1 = (ulong)domainIndex;
                    call.R2 = (ulong)core.Vcpu;
                    call.R3 = (ulong)domain.VcpuCount;
                    return HypercallOutcome.Return;

                case Hypercall.DomainName:
                    if (!PartitionTable.OwnsRam(domainIndex, call.A1, call.A2))
                    {
                        status = HypercallStatus.InvalidParameters;
                        return HypercallOutcome.Return;
                    }
                    int n = 0;
                    for (; n < domain.Name.Length && (ulong)n < call.A2; n++) ((byte*)call.A1)[n] = (byte)domain.Name[n];
                    call.R1 = (ulong)domain.Name.Length;
                    return HypercallOutcome.Return;

                case Hypercall.VcpuStats:
                    call.R1 = core.Traps;
                    return HypercallOutcome.Return;

                case Hypercall.Heartbeat:
                    Watchdog.Kick(ref domain, call.TimeNs);
                    return HypercallOutcome.Return;

                case Hypercall.Yield:
                    return HypercallOutcome.Return;

                case Hypercall.ChannelInfo:
                case Hypercall.ChannelNotify:
                    status = Channels.Call((uint)call.Function, domainIndex, ref call);
                    return HypercallOutcome.Return;

                case Hypercall.DomainStop:
                    DomainControl<TArch>.Stop(domainIndex, "stopped itself");
                    return HypercallOutcome.CheckIn;

                case Hypercall.DomainRestart:
                    DomainControl<TArch>.Restart(domainIndex, "restart requested by the domain");
                    return HypercallOutcome.CheckIn;

                case Hypercall.FatalError:
                    LineBuffer cause = default;
                    cause.Append("fatal error reported by the guest: ");
                    if (PartitionTable.OwnsRam(domainIndex, call.A1, call.A2) && call.A2 <= 128) cause.AppendAscii((byte*)call.A1, (uint)call.A2);
                    else cause.Append("(message outside the domain's memory)");
                    cause.Append(" at ");
                    cause.AppendHex(call.A3, 16);
                    DomainControl<TArch>.Fault(domainIndex, ref cause);
                    return HypercallOutcome.CheckIn;

                default:
                    status = HypercallStatus.NotSupported;
                    return HypercallOutcome.Return;
            }
        }

    }
}
