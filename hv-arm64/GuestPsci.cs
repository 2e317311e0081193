using Bulkhead.Core.Abi;
using Bulkhead.Core.Partition;
using static Bulkhead.Core.Abi.PsciFunction;

namespace Bulkhead.Arm64
{
    /// <summary>
    /// PSCI as a guest sees it (through HVC or SMC). Calls act on the caller's own domain only:
    /// CPU_ON starts one of its own vCPUs, SYSTEM_OFF and SYSTEM_RESET stop or restart just it.
    /// </summary>
    internal static class GuestPsci
    {
        /// <summary>Handles one call; returns what the core does next (Resume with x0 = status, or check in).</summary>
        public static CoreAction Call(int core, ulong function, ulong a1, ulong a2, ulong a3, out long status)
        {
            status = Success;
            int domain = PartitionTable.Cores[core].Domain;
            switch ((uint)function)
            {
                case PsciFunction.Version: status = Version1_0; return CoreAction.Resume;
                case CpuOn32:
                case CpuOn64: status = DomainControl<Arm64Architecture>.CpuOn(core, a1, a2, a3); return CoreAction.Resume;
                case AffinityInfo32:
                case AffinityInfo64: status = DomainControl<Arm64Architecture>.AffinityInfo(core, a1); return CoreAction.Resume;
                case MigrateInfoType: status = 2; return CoreAction.Resume; // no trusted OS to migrate
                case CpuOff:
                    PartitionTable.Cores[core].Status = VcpuStatus.Off;
                    return CoreAction.Park;
                case SystemOff:
                    DomainControl<Arm64Architecture>.Stop(domain, "powered off (PSCI SYSTEM_OFF)");
                    return DomainControl<Arm64Architecture>.CheckIn(core);
                case SystemReset:
                    DomainControl<Arm64Architecture>.Restart(domain, "reset requested (PSCI SYSTEM_RESET)");
                    return DomainControl<Arm64Architecture>.CheckIn(core);
                case PsciFunction.Features:
                    status = IsSupported(a1) ? Success : NotSupported;
                    return CoreAction.Resume;
                default:
                    status = NotSupported;
                    return CoreAction.Resume;
            }
        }

        private static bool IsSupported(ulong function) => (uint)function switch
        {
            PsciFunction.Version or CpuOff or CpuOn32 or CpuOn64 or AffinityInfo32 or AffinityInfo64
                or SystemOff or SystemReset or PsciFunction.Features or MigrateInfoType => true,
            _ => false,
        };
    }
}
