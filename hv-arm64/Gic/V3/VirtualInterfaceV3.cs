using System.Runtime.CompilerServices;
using static Bulkhead.Arm64.Gic.GicRegisters;

namespace Bulkhead.Arm64.Gic
{
    /// <summary>GICv3 virtual interface: list registers ICH_LR&lt;n&gt;_EL2 in system registers.</summary>
    internal struct VirtualInterfaceV3 : IVirtualInterface
    {
        private static int s_listRegisters;

        public static void InitializeCore()
        {
            s_listRegisters = (int)(Cpu.ReadIchVtr() & 0x1F) + 1;
            for (int i = 0; i < s_listRegisters; i++) Cpu.WriteIchLr((ulong)i, 0);
            Cpu.WriteIchAp1r0(0);
            Cpu.WriteIchVmcr(0);
            Cpu.WriteIchHcr(IchHcrEnable);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static bool TryWrite(uint intId, bool hardware)
        {
            ulong empty = Cpu.ReadIchElrsr();
            for (int i = 0; i < s_listRegisters; i++)
            {
                if ((empty & (1UL << i)) == 0) continue;
                ulong lr = LrPending | LrGroup1 | ((ulong)GuestPriority << LrPriorityShift) | intId;
                if (hardware) lr |= LrHardware | ((ulong)intId << LrPhysicalShift);
                Cpu.WriteIchLr((ulong)i, lr);
                return true;
            }
            return false;
        }

        public static void SetUnderflowInterrupt(bool on)
        {
            ulong hcr = Cpu.ReadIchHcr();
            Cpu.WriteIchHcr(on ? hcr | IchHcrUnderflowIrq : hcr & ~IchHcrUnderflowIrq);
        }

        public static bool GuestCpuInterface(out ulong guestAddress, out ulong physicalAddress, out ulong size)
        {
            guestAddress = physicalAddress = size = 0;
            return false; // system registers
        }
    }
}
