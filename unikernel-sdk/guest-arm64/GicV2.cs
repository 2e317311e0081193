using Bulkhead.Generated;
using static Bulkhead.Guest.Platform.GicLayout;

namespace Bulkhead.Guest.Platform
{
    /// <summary>GICv2: the CPU interface is memory-mapped (the hypervisor maps GICV where GICC would be), SGIs through GICD_SGIR.</summary>
    internal struct GicV2 : IGuestGic
    {
        public const uint Spurious = GicLayout.Spurious;
        private const ulong Gicc = BoardConfig.GicCpuInterface, Gicd = BoardConfig.GicDistributor;

        public static void InitializeCpu()
        {
            Device.Write32(Gicc + GiccPmr, 0xFF);
            Device.Write32(Gicc + GiccCtlr, 1);
        }

        public static void InitializeDistributor() => Device.Write32(Gicd + GicdCtlr, 1u); // Enable

        public static void Enable(uint intId, int vcpu) => Device.Write32(Gicd + GicdIsenabler + 4 * (intId / 32), 1u << (int)(intId % 32));
        public static void Disable(uint intId, int vcpu) => Device.Write32(Gicd + GicdIcenabler + 4 * (intId / 32), 1u << (int)(intId % 32));

        public static void SendSgi(uint sgi, int vcpu) => Device.Write32(Gicd + GicdSgir, (1u << (16 + vcpu)) | (sgi & 0xF));

        public static uint Acknowledge() => Device.Read32(Gicc + GiccIar) & 0x3FF;

        public static void EndOfInterrupt(uint intId) => Device.Write32(Gicc + GiccEoir, intId);
    }
}
