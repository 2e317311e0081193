using Bulkhead.Build;
using Bulkhead.Config.Boards;
using Bulkhead.Config.Linux;
using Bulkhead.Emulation;

namespace Bulkhead.Systems;

/// <summary>Which emulated machine runs an image built for a board.</summary>
public static class Machines
{
    /// <param name="blobs">files to load next to the image (SystemBuilder.Result.Blobs: Linux domains' staging)</param>
    public static QemuArm64Machine QemuFor(Board board, NativeImage image, int? cores, string cpu, IEnumerable<LinuxBlob>? blobs = null)
    {
        bool virt = board.Id.StartsWith("qemu-virt", StringComparison.Ordinal);
        // QEMU's xlnx-zcu102 models the ZCU102's SoC (4x Cortex-A53, GIC-400, Cadence UART at 0xFF000000).
        bool zynqmp = board.Id == "zcu102";
        // QEMU's raspi3b models the BCM2837 of the Raspberry Pi 3 B/B+ (spin tables, PL011 and mini UART).
        bool bcm2837 = board.Id.StartsWith("qemu-raspi3b", StringComparison.Ordinal) || board.Id is "rpi3b" or "rpi3bplus";
        if (!virt && !zynqmp && !bcm2837)
            throw new BuildException($"board '{board.Id}' is real hardware: QEMU cannot run it. Use a qemu-* board, zcu102 or rpi3b, or write the boot files with `bulkhead image` and copy them to the board.");
        return new QemuArm64Machine
        {
            Model = virt ? "virt" : zynqmp ? QemuArm64Machine.Zcu102 : "raspi3b",
            GicVersion = board.InterruptController == InterruptControllerKind.GicV2 ? 2 : 3,
            Cpu = cpu,
            Cores = cores ?? board.Cores.Count,
            Memory = $"{Math.Max(128UL, board.Ram.Aggregate(0UL, (total, r) => total + r.Size) >> 20)}M", // QEMU virt: one bank from 0x40000000, also past 4 GiB
            Kernel = virt || zynqmp ? image.Elf : image.RawBinary,
            ConsoleSerial = board.ConsoleType == UartKind.MiniUart ? 1 : 0,
            Loaders = (blobs ?? []).Select(b => (b.File, b.Source)).ToList(),
            // The board's SMMUv3 (in front of the PCIe bridge): the hypervisor programs it at boot.
            Iommu = virt && board.Iommu is { Kind: IommuKind.SmmuV3 } ? "smmuv3" : null,
        };
    }
}
