using Bulkhead.Generated;
using static Bulkhead.Guest.Platform.GicLayout;

namespace Bulkhead.Guest.Platform
{
    /// <summary>GICv3: CPU interface in system registers, one (emulated) redistributor per vCPU.</summary>
    internal struct GicV3 : IGuestGic
    {
        public const uint Spurious = GicLayout.Spurious;

        public static void InitializeCpu()
        {
            Cpu.WriteIccSre(Cpu.ReadIccSre() | 1);
            Cpu.WriteIccPmr(0xFF);
            Cpu.WriteIccIgrpen1(1);
        }

        public static void InitializeDistributor()
        {
            if (GuestConfig.Native)
            {
                // Without a hypervisor the service owns the real GIC: wake this core's
                // redistributor and put its SGIs and PPIs in group 1, as the hypervisor would.
                ulong rd = BoardConfig.GicRedistributors;
                Device.Write32(rd + GicrWaker, Device.Read32(rd + GicrWaker) & ~2u);
                while ((Device.Read32(rd + GicrWaker) & 4u) != 0) { }
                Device.Write32(rd + GicrSgiFrame + GicdIgroupr, 0xFFFFFFFF);
            }
            Device.Write32(BoardConfig.GicDistributor + GicdCtlr, 0x12u); // ARE + EnableGrp1
        }

        public static void Enable(uint intId, int vcpu) => SetEnable(intId, vcpu, true);
        public static void Disable(uint intId, int vcpu) => SetEnable(intId, vcpu, false);

        private static void SetEnable(uint intId, int vcpu, bool on)
        {
            ulong offset = (on ? GicdIsenabler : GicdIcenabler) + 4 * (intId / 32);
            uint bit = 1u << (int)(intId % 32);
            if (intId < 32) // SGIs and PPIs: the vCPU's redistributor
                Device.Write32(BoardConfig.GicRedistributors + (ulong)vcpu * BoardConfig.GicRedistributorStride + GicrSgiFrame + offset, bit);
            else
                Device.Write32(BoardConfig.GicDistributor + offset, bit);
        }

        public static void SendSgi(uint sgi, int vcpu) => Cpu.WriteIccSgi1r(((ulong)(sgi & 0xF) << 24) | (1UL << vcpu));

        public static uint Acknowledge() => (uint)(Cpu.ReadIccIar1() & 0xFFFFFF);

        public static void EndOfInterrupt(uint intId) => Cpu.WriteIccEoir1(intId);
    }
}
