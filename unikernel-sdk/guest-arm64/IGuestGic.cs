namespace Bulkhead.Guest.Platform
{
    /// <summary>
    /// The guest's view of the GIC: the CPU interface is the hardware's virtual one, the
    /// distributor/redistributor are emulated by the hypervisor, limited to this domain's
    /// interrupts. One implementation per GIC version (GicV2, GicV3), picked at build time from the
    /// board through the generated alias <c>Gic</c>; static abstract members, so no dispatch.
    /// </summary>
    internal interface IGuestGic
    {
        /// <summary>Per vCPU: turn the CPU interface on and let every priority through.</summary>
        static abstract void InitializeCpu();

        /// <summary>Once per domain: enable the (emulated) distributor.</summary>
        static abstract void InitializeDistributor();

        static abstract void Enable(uint intId, int vcpu);
        static abstract void Disable(uint intId, int vcpu);

        /// <summary>Sends software-generated interrupt <paramref name="sgi"/> (0-15) to vCPU <paramref name="vcpu"/> of this domain.</summary>
        static abstract void SendSgi(uint sgi, int vcpu);

        static abstract uint Acknowledge();
        static abstract void EndOfInterrupt(uint intId);
    }

    /// <summary>Register offsets both GIC versions share.</summary>
    internal static class GicLayout
    {
        public const ulong GicdCtlr = 0x000, GicdIgroupr = 0x080, GicdIsenabler = 0x100, GicdIcenabler = 0x180, GicdSgir = 0xF00;
        public const ulong GicrWaker = 0x14, GicrSgiFrame = 0x10000;
        public const ulong GiccCtlr = 0x00, GiccPmr = 0x04, GiccIar = 0x0C, GiccEoir = 0x10;
        public const uint Spurious = 1023;
    }
}
