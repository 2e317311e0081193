using Bulkhead.Core.Partition;

namespace Bulkhead.X86
{
    /// <summary>
    /// PSCI function ids through VMCALL, so the SDK's portable vCPU and power calls work on x86
    /// too. Calls act on the caller's own domain only, as on ARM64: CPU_ON starts one of its own
    /// vCPUs, SYSTEM_OFF and SYSTEM_RESET stop or restart just it.
    /// </summary>
    internal static class GuestPsci
    {
        public const long Success = 0, NotSupported = -1;
        private const uint Version = 0x84000000, CpuOff = 0x84000002, CpuOn32 = 0x84000003, CpuOn64 = 0xC4000003;
        private const uint AffinityInfo32 = 0x84000004, AffinityInfo64 = 0xC4000004, MigrateInfoType = 0x84000006;
        private const uint SystemOff = 0x84000008, SystemReset = 0x84000009, Features = 0x8400000A;

        public static bool IsPsci(ulong function) => (function & 0xBFFFFFE0) == 0x84000000;

        /// <returns>true when the core must check in (the caller's domain or vCPU changed)</returns>
        public static bool Call(int core, ulong function, ulong a1, ulong a2, ulong a3, out long status)
        {
            status = Success;
            int domain = PartitionTable.Cores[core].Domain;
            switch ((uint)function)
            {
                case Version: status = 0x10000; return false;
                case CpuOn32:
                case CpuOn64: status = DomainControl<X64Architecture>.CpuOn(core, a1, a2, a3); return false;
                case AffinityInfo32:
                case AffinityInfo64: status = DomainControl<X64Architecture>.AffinityInfo(core, a1); return false;
                case MigrateInfoType: status = 2; return false;
                case CpuOff:
                    PartitionTable.Cores[core].Status = VcpuStatus.Off;
                    return true;
                case SystemOff:
                    DomainControl<X64Architecture>.Stop(domain, "powered off (PSCI SYSTEM_OFF)");
                    return true;
                case SystemReset:
                    DomainControl<X64Architecture>.Restart(domain, "reset requested (PSCI SYSTEM_RESET)");
                    return true;
                case Features:
                    uint f = (uint)a1;
                    status = f == Version || f == CpuOff || f == CpuOn32 || f == CpuOn64 || f == AffinityInfo32 || f == AffinityInfo64
                        || f == MigrateInfoType || f == SystemOff || f == SystemReset || f == Features ? Success : NotSupported;
                    return false;
                default:
                    status = NotSupported;
                    return false;
            }
        }
    }
}
