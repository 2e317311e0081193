using Bulkhead.Generated;

namespace Bulkhead.Guest.Platform
{
    /// <summary>
    /// The guest's view of the GIC: the CPU interface is the hardware's virtual one (GICv3 system
    /// registers, or the GICv2 GICV frame the hypervisor maps where GICC would be), and the
    /// distributor/redistributor are emulated by the hypervisor, limited to this domain's interrupts.
    /// </summary>
    internal static class Gic
    {
        // Distributor and redistributor register offsets.
        private const ulong GicdCtlr = 0x000, GicdIsenabler = 0x100, GicdIcenabler = 0x180, GicdSgir = 0xF00;
        private const ulong GicrSgiFrame = 0x10000;
        // GICv2 CPU interface offsets.
        private const ulong GiccCtlr = 0x00, GiccPmr = 0x04, GiccIar = 0x0C, GiccEoir = 0x10;
        public const uint Spurious = 1023;

        /// <summary>Per vCPU: turn the CPU interface on and let every priority through.</summary>
        public static void InitializeCpu()
        {
            if (GuestConfig.GicVersion == 3)
            {
                Cpu.WriteIccSre(Cpu.ReadIccSre() | 1);
                Cpu.WriteIccPmr(0xFF);
                Cpu.WriteIccIgrpen1(1);
            }
            else
            {
                Device.Write32(GuestConfig.GicCpuInterface + GiccPmr, 0xFF);
                Device.Write32(GuestConfig.GicCpuInterface + GiccCtlr, 1);
            }
        }

        private const ulong GicrWaker = 0x14, GicdIgroupr = 0x080;

        /// <summary>Once per domain: enable the (emulated) distributor.</summary>
        public static void InitializeDistributor()
        {
            if (GuestConfig.Native && GuestConfig.GicVersion == 3)
            {
                // Without a hypervisor the service owns the real GIC: wake this core's
                // redistributor and put its SGIs and PPIs in group 1, as the hypervisor would.
                ulong rd = GuestConfig.GicRedistributor;
                Device.Write32(rd + GicrWaker, Device.Read32(rd + GicrWaker) & ~2u);
                while ((Device.Read32(rd + GicrWaker) & 4u) != 0) { }
                Device.Write32(rd + GicrSgiFrame + GicdIgroupr, 0xFFFFFFFF);
            }
            Device.Write32(GuestConfig.GicDistributor + GicdCtlr, GuestConfig.GicVersion == 3 ? 0x12u : 1u); // ARE + Group1 / Enable
        }

        public static void Enable(uint intId, int vcpu) => SetEnable(intId, vcpu, true);
        public static void Disable(uint intId, int vcpu) => SetEnable(intId, vcpu, false);

        private static void SetEnable(uint intId, int vcpu, bool on)
        {
            ulong offset = (on ? GicdIsenabler : GicdIcenabler) + 4 * (intId / 32);
            uint bit = 1u << (int)(intId % 32);
            if (intId < 32 && GuestConfig.GicVersion == 3)
                Device.Write32(GuestConfig.GicRedistributor + (ulong)vcpu * GuestConfig.GicRedistributorStride + GicrSgiFrame + offset, bit);
            else
                Device.Write32(GuestConfig.GicDistributor + offset, bit);
        }

        /// <summary>Sends software-generated interrupt <paramref name="sgi"/> (0-15) to vCPU <paramref name="vcpu"/> of this domain.</summary>
        public static void SendSgi(uint sgi, int vcpu)
        {
            if (GuestConfig.GicVersion == 3) Cpu.WriteIccSgi1r(((ulong)(sgi & 0xF) << 24) | (1UL << vcpu));
            else Device.Write32(GuestConfig.GicDistributor + GicdSgir, (1u << (16 + vcpu)) | (sgi & 0xF));
        }

        public static uint Acknowledge()
        {
            if (GuestConfig.GicVersion == 3) return (uint)(Cpu.ReadIccIar1() & 0xFFFFFF);
            return Device.Read32(GuestConfig.GicCpuInterface + GiccIar) & 0x3FF;
        }

        public static void EndOfInterrupt(uint intId)
        {
            if (GuestConfig.GicVersion == 3) Cpu.WriteIccEoir1(intId);
            else Device.Write32(GuestConfig.GicCpuInterface + GiccEoir, intId);
        }
    }
}
