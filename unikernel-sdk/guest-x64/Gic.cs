namespace Bulkhead.Guest.Platform
{
    /// <summary>
    /// The interrupt controller as the portable libraries name it. On x86 it is the x2APIC that
    /// hv-x86 emulates: interrupt id n is vector 0x20 + n; "SGIs" are IPIs to the domain's own vCPUs.
    /// </summary>
    internal static class Gic
    {
        public const uint FirstVector = 0x20;   // vector of interrupt id 0

        public static ulong VectorOf(uint intId) => FirstVector + intId;

        // Vectors are always deliverable once the guest enables interrupts: nothing to switch.
        public static void Enable(uint intId, int vcpu) { }
        public static void Disable(uint intId, int vcpu) { }

        public static void SendSgi(uint sgi, int vcpu) => Cpu.SendIpi(vcpu, (uint)VectorOf(sgi));
    }
}
