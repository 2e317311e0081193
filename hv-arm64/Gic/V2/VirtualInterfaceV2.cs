using System.Runtime.CompilerServices;
using Bulkhead.Generated;
using Bulkhead.Runtime;
using static Bulkhead.Arm64.Gic.GicRegisters;

namespace Bulkhead.Arm64.Gic
{
    /// <summary>GICv2 virtual interface: list registers in the GICH frame; the guest's GICC is the GICV frame.</summary>
    internal struct VirtualInterfaceV2 : IVirtualInterface
    {
        private const ulong Gich = BoardConfig.GicHypInterface;
        private static int s_listRegisters;

        public static void InitializeCore()
        {
            s_listRegisters = (int)(Mmio.Read32(Gich + GichVtr) & 0x3F) + 1;
            for (int i = 0; i < s_listRegisters; i++) Mmio.Write32(Gich + GichLr0 + 4 * (ulong)i, 0);
            Mmio.Write32(Gich + GichApr, 0);  // no active priorities left from a previous guest
            Mmio.Write32(Gich + GichVmcr, 0);
            Mmio.Write32(Gich + GichHcr, (uint)IchHcrEnable);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static bool TryWrite(uint intId, bool hardware)
        {
            uint free = Mmio.Read32(Gich + GichElrsr0);
            for (int i = 0; i < s_listRegisters; i++)
            {
                if ((free & (1u << i)) == 0) continue;
                uint lr = LrV2Pending | ((uint)(GuestPriority >> 3) << 23) | intId;
                if (hardware) lr |= LrV2Hardware | (intId << LrV2PhysicalShift);
                Mmio.Write32(Gich + GichLr0 + 4 * (ulong)i, lr);
                return true;
            }
            return false;
        }

        public static void SetUnderflowInterrupt(bool on)
        {
            uint hcr = Mmio.Read32(Gich + GichHcr);
            Mmio.Write32(Gich + GichHcr, on ? hcr | (uint)IchHcrUnderflowIrq : hcr & ~(uint)IchHcrUnderflowIrq);
        }

        public static bool GuestCpuInterface(out ulong guestAddress, out ulong physicalAddress, out ulong size)
        {
            guestAddress = BoardConfig.GicCpuInterface;
            physicalAddress = BoardConfig.GicVirtualCpuInterface;
            size = GicvSize;
            return true;
        }
    }
}
