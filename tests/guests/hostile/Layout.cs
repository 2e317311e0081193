using Bulkhead.Generated;

/// <summary>
/// Addresses of tests/systems/hostile.yaml (and fuzz.yaml) the attacks aim at, and the GIC frames
/// of the board the image was built for.
/// </summary>
public static class Layout
{
    public const ulong HypervisorImage = 0x40080000, HypervisorReserved = 0x40000000;
    public const ulong WitnessRam = 0x44000000;
    public const ulong ProberRam = 0x45000000, ProberRamSize = 0x1000000;
    public const ulong ProberReadOnly = 0x46000000, ProberNoExecute = 0x46010000;
    public const ulong FaulterRam = 0x47000000, FaulterReadOnly = 0x48000000;
    public const ulong VirtioSlot1 = 0x0A000200, HypervisorUart = 0x09000000;
    public const ulong BeyondIpa = 0x8000000000UL, BeyondPa = 0xFFFFFFFFF000UL, Above4G = 0x100000000UL;

    // Channels in system-file order.
    public const int ProberToWitness = 0, WitnessToOthers = 1, FaulterProgress = 2;
    public const ulong DoneMark = 0xD0E;

    // The board constants name no GIC version (the build picks the implementation); a board with
    // redistributors is a GICv3 board.
    public static bool GicV3 => BoardConfig.GicRedistributors != 0;
    public static ulong Gicd => BoardConfig.GicDistributor;
    public static ulong Gicr => BoardConfig.GicRedistributors;
    public static ulong GicrStride => BoardConfig.GicRedistributorStride;
    // GICv2 frames of QEMU virt the domain never owns (GICH: the hypervisor's control interface, GICV: the
    // virtual CPU interface at its real address); GICv3: the ITS.
    public const ulong GicHypFrame = 0x08030000, GicVirtualFrame = 0x08040000, GicIts = 0x08080000;
}
