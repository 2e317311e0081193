using Bulkhead.Core.Abi;
using Bulkhead.Core.Partition;
using static Bulkhead.Core.Abi.PsciFunction;

namespace Bulkhead.Core.Hypercalls
{
    /// <summary>
    /// PSCI as a guest sees it (HVC or SMC on arm64, VMCALL on x86). Calls act on the caller's own
    /// domain only: CPU_ON starts one of its own vCPUs, SYSTEM_OFF and SYSTEM_RESET stop or
    /// restart just it, CPU_OFF of its last vCPU ends it. PSCI 1.1: FEATURES answers SUCCESS for
    /// every id implemented here and for SMCCC_VERSION (which Linux asks before it probes SMCCC 1.1).
    /// </summary>
    public static class GuestPsci<TArch> where TArch : struct, IArchitecture
    {
        public static GuestCallOutcome Call(int core, ref HypercallFrame call, out long status)
        {
            status = Success;
            switch ((uint)call.Function)
            {
                case PsciFunction.Version: status = Version1_1; return GuestCallOutcome.Return;
                case CpuOn32:
                case CpuOn64: status = DomainControl<TArch>.CpuOn(core, call.A1, call.A2, call.A3); return GuestCallOutcome.Return;
                case AffinityInfo32:
                case AffinityInfo64: status = DomainControl<TArch>.AffinityInfo(core, call.A1); return GuestCallOutcome.Return;
                case MigrateInfoType: status = 2; return GuestCallOutcome.Return; // no trusted OS to migrate
                case CpuOff:
                    DomainControl<TArch>.CpuOff(core);
                    return GuestCallOutcome.CheckIn;
                case SystemOff:
                    DomainControl<TArch>.Stop(core, "powered off (PSCI SYSTEM_OFF)");
                    return GuestCallOutcome.CheckIn;
                case SystemReset:
                    DomainControl<TArch>.Restart(core, "reset requested (PSCI SYSTEM_RESET)");
                    return GuestCallOutcome.CheckIn;
                case PsciFunction.Features:
                    status = IsSupported(call.A1) ? Success : NotSupported;
                    return GuestCallOutcome.Return;
                default:
                    status = NotSupported;
                    return GuestCallOutcome.Return;
            }
        }

        private static bool IsSupported(ulong function) => (uint)function == function && (uint)function switch
        {
            PsciFunction.Version or CpuOff or CpuOn32 or CpuOn64 or AffinityInfo32 or AffinityInfo64
                or SystemOff or SystemReset or PsciFunction.Features or MigrateInfoType or SmcccFunction.Version => true,
            _ => false,
        };
    }

    /// <summary>
    /// Every call a guest makes to the hypervisor (HVC/SMC on arm64, VMCALL on x86): PSCI, SMCCC
    /// architecture calls, the Bulkhead ABI, or an unknown id (NOT_SUPPORTED). The backend only moves registers.
    /// </summary>
    public static class GuestCalls<TArch> where TArch : struct, IArchitecture
    {
        public static GuestCallOutcome Handle(int core, ref HypercallFrame call, out long status)
        {
            // A vCPU whose run ended (its domain stopped or restarted by another vCPU) gets no
            // service: no doorbell, no output after its domain's last line. It checks in instead.
            if (!PartitionTable.IsCurrentRun(core)) { status = HypercallStatus.Denied; return GuestCallOutcome.CheckIn; }
            if (PsciFunction.IsPsci(call.Function)) return GuestPsci<TArch>.Call(core, ref call, out status);
            if (SmcccFunction.IsArchCall(call.Function)) { status = GuestSmccc.Call(call.Function, call.A1); return GuestCallOutcome.Return; }
            if (HypercallDispatcher<TArch>.IsHypercall(call.Function)) return HypercallDispatcher<TArch>.Dispatch(core, ref call, out status);
            status = HypercallStatus.NotSupported;
            return GuestCallOutcome.Return;
        }
    }
}
