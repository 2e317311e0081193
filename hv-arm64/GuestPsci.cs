using Bulkhead.Core.Partition;
using static Bulkhead.Arm64.Registers;

namespace Bulkhead.Arm64
{
    /// <summary>
    /// PSCI as a guest sees it (through HVC or SMC). Calls act on the caller's own domain only:
    /// CPU_ON starts one of its own vCPUs, SYSTEM_OFF and SYSTEM_RESET stop or restart just it.
    /// </summary>
    internal static class GuestPsci
    {
        public const long Success = 0, NotSupported = -1, InvalidParameters = -2, AlreadyOn = -4;
        private const ulong Version1_0 = 0x10000;
        private const uint Features = 0x8400000A, MigrateInfoType = 0x84000006;
        private const uint CpuOn32 = 0x84000003, AffinityInfo32 = 0x84000004;

        public static bool IsPsci(ulong function) => (function & 0xBFFFFFE0) == 0x84000000;

        /// <summary>Handles one call; returns what the core does next (Resume with x0 = status, or check in).</summary>
        public static CoreAction Call(int core, ulong function, ulong a1, ulong a2, ulong a3, out long status)
        {
            status = Success;
            int domain = PartitionTable.Cores[core].Domain;
            switch ((uint)function)
            {
                case PsciVersion: status = (long)Version1_0; return CoreAction.Resume;
                case CpuOn32:
                case PsciCpuOn64: status = DomainControl<Arm64Architecture>.CpuOn(core, a1, a2, a3); return CoreAction.Resume;
                case AffinityInfo32:
                case PsciAffinityInfo64: status = DomainControl<Arm64Architecture>.AffinityInfo(core, a1); return CoreAction.Resume;
                case MigrateInfoType: status = 2; return CoreAction.Resume; // no trusted OS to migrate
                case PsciCpuOff:
                    PartitionTable.Cores[core].Status = VcpuStatus.Off;
                    return CoreAction.Park;
                case PsciSystemOff:
                    DomainControl<Arm64Architecture>.Stop(domain, "powered off (PSCI SYSTEM_OFF)");
                    return DomainControl<Arm64Architecture>.CheckIn(core);
                case PsciSystemReset:
                    DomainControl<Arm64Architecture>.Restart(domain, "reset requested (PSCI SYSTEM_RESET)");
                    return DomainControl<Arm64Architecture>.CheckIn(core);
                case Features:
                    status = IsSupported(a1) ? Success : NotSupported;
                    return CoreAction.Resume;
                default:
                    status = NotSupported;
                    return CoreAction.Resume;
            }
        }

        private static bool IsSupported(ulong function) => (uint)function switch
        {
            PsciVersion or PsciCpuOff or CpuOn32 or PsciCpuOn64 or AffinityInfo32 or PsciAffinityInfo64
                or PsciSystemOff or PsciSystemReset or Features or MigrateInfoType => true,
            _ => false,
        };
    }
}
