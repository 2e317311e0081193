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
        if (!virt && board.Id != "qemu-raspi3b")
            throw new BuildException($"board '{board.Id}' is real hardware: QEMU cannot run it. Use a qemu-* board, or copy out/{board.Id}/hv.bin to the board.");
        return new QemuArm64Machine
        {
            Model = virt ? "virt" : "raspi3b",
            GicVersion = board.InterruptController == InterruptControllerKind.GicV2 ? 2 : 3,
            Cpu = cpu,
            Cores = cores ?? board.Cores.Count,
            Memory = $"{Math.Max(128UL, board.Ram.Aggregate(0UL, (total, r) => total + r.Size) >> 20)}M", // QEMU virt: one bank from 0x40000000, also past 4 GiB
            Kernel = virt ? image.Elf : image.RawBinary,
            Loaders = (blobs ?? []).Select(b => (b.File, b.Source)).ToList(),
        };
    }
}
