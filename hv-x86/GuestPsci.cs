using Bulkhead.Core.Abi;
using Bulkhead.Core.Partition;

namespace Bulkhead.X86
{
    /// <summary>
    /// PSCI function ids (hv-core/Abi/PsciFunction) through VMCALL, so the SDK's portable vCPU and
    /// power calls work on x86 too. Calls act on the caller's own domain only, as on ARM64:
    /// CPU_ON starts one of its own vCPUs, SYSTEM_OFF and SYSTEM_RESET stop or restart just it.
    /// </summary>
    internal static class GuestPsci
    {
        public static bool IsPsci(ulong function) => PsciFunction.IsPsci(function);

        /// <returns>true when the core must check in (the caller's domain or vCPU changed)</returns>
        public static bool Call(int core, ulong function, ulong a1, ulong a2, ulong a3, out long status)
        {
            status = PsciFunction.Success;
            int domain = PartitionTable.Cores[core].Domain;
            switch ((uint)function)
            {
                case PsciFunction.Version: status = PsciFunction.Version1_0; return false;
                case PsciFunction.CpuOn32:
                case PsciFunction.CpuOn64: status = DomainControl<X64Architecture>.CpuOn(core, a1, a2, a3); return false;
                case PsciFunction.AffinityInfo32:
                case PsciFunction.AffinityInfo64: status = DomainControl<X64Architecture>.AffinityInfo(core, a1); return false;
                case PsciFunction.MigrateInfoType: status = 2; return false; // no trusted OS to migrate
                case PsciFunction.CpuOff:
                    PartitionTable.Cores[core].Status = VcpuStatus.Off;
                    return true;
                case PsciFunction.SystemOff:
                    DomainControl<X64Architecture>.Stop(domain, "powered off (PSCI SYSTEM_OFF)");
                    return true;
                case PsciFunction.SystemReset:
                    DomainControl<X64Architecture>.Restart(domain, "reset requested (PSCI SYSTEM_RESET)");
                    return true;
                case PsciFunction.Features:
                    status = IsSupported((uint)a1) ? PsciFunction.Success : PsciFunction.NotSupported;
                    return false;
                default:
                    status = PsciFunction.NotSupported;
                    return false;
            }
        }

        private static bool IsSupported(uint f) =>
            f == PsciFunction.Version || f == PsciFunction.CpuOff || f == PsciFunction.CpuOn32 || f == PsciFunction.CpuOn64
            || f == PsciFunction.AffinityInfo32 || f == PsciFunction.AffinityInfo64 || f == PsciFunction.MigrateInfoType
            || f == PsciFunction.SystemOff || f == PsciFunction.SystemReset || f == PsciFunction.Features;
    }
}
