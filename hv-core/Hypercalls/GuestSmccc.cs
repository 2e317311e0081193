using Bulkhead.Core.Abi;

namespace Bulkhead.Core.Hypercalls
{
    /// <summary>
    /// SMCCC 1.1 architecture calls as a guest sees them. VERSION says 1.1, so Linux uses the
    /// SMCCC 1.1 register convention and asks ARCH_FEATURES about the Spectre workarounds. Those
    /// answer NOT_SUPPORTED: the hypervisor does not call the firmware's mitigations on a guest's
    /// behalf (a core belongs to one domain for good, so a guest's predictor state is only ever its
    /// own), and a guest that needs one learns so from its CPU's ID registers.
    /// </summary>
    public static class GuestSmccc
    {
        public static long Call(ulong function, ulong argument) => (uint)function switch
        {
            SmcccFunction.Version => SmcccFunction.Version1_1,
            SmcccFunction.ArchFeatures => Implemented(argument) ? PsciFunction.Success : PsciFunction.NotSupported,
            _ => PsciFunction.NotSupported,
        };

        /// <summary>ARCH_FEATURES: only VERSION and ARCH_FEATURES itself (SoC id and the workarounds are not offered).</summary>
        private static bool Implemented(ulong function) => function == SmcccFunction.Version || function == SmcccFunction.ArchFeatures;
    }
}
