using Bulkhead.Core.Abi;

namespace Bulkhead.Arm64
{
    /// <summary>Calls into the firmware's Power State Coordination Interface through SMC.</summary>
    internal static class Psci
    {
        public static long Call(uint function, ulong arg1 = 0, ulong arg2 = 0, ulong arg3 = 0)
            => Cpu.Smc(function, arg1, arg2, arg3);

        /// <summary>True when the firmware knows a core with this MPIDR (AFFINITY_INFO answers ON or OFF).</summary>
        public static bool CoreExists(ulong mpidr)
            => Call(PsciFunction.AffinityInfo64, mpidr, 0) >= 0;

        public static void SystemOff() => Call(PsciFunction.SystemOff);
    }
}
