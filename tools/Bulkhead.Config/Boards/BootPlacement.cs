using Bulkhead.Config.Diagnostics;
using Bulkhead.Config.Yaml;

namespace Bulkhead.Config.Boards;

/// <summary>
/// Where a boot loader puts an arm64 Image: U-Boot's booti (and QEMU, Linux-style loaders) copies
/// it to the first RAM bank's base rounded up to 2 MiB plus the header's text_offset, because flags
/// bit 3 is 0 (hv-arm64/boot/entry.S). The hypervisor is linked at the board's load_address, so
/// that placement must be the load address: text_offset = load_address - that base (link.ld).
/// </summary>
public static class BootPlacement
{
    public const ulong BaseAlignment = 2UL << 20;

    /// <summary>The 2 MiB-aligned base of the first (lowest) RAM bank, from which booti places the image.</summary>
    public static ulong ImageBase(Board board)
    {
        ulong first = board.Ram.Min(r => r.Base);
        return (first + BaseAlignment - 1) & ~(BaseAlignment - 1);
    }

    /// <summary>The header's text_offset for this board (load_address - <see cref="ImageBase"/>).</summary>
    public static ulong TextOffset(Board board) => board.HypervisorLoadAddress - ImageBase(board);

    /// <summary>ARM64 boards: the load address must be where booti puts the image (in the first RAM bank, at or above its 2 MiB-aligned base).</summary>
    public static void Check(Board board, Loc<ulong> load, DiagnosticBag bag)
    {
        if (board.IsX86 || !board.Ram.Any(r => r.Contains(load.Value))) return; // outside RAM: BH022/BH023 say so
        var first = board.Ram.MinBy(r => r.Base);
        ulong imageBase = ImageBase(board);
        if (load.Value >= imageBase && first.Contains(load.Value)) return;
        bag.Error(Codes.BoardLoadNotBootable, load.At, load.Path,
            $"load address 0x{load.Value:X} is not where a boot loader places the arm64 Image: booti copies it to the first RAM bank's 2 MiB-aligned base 0x{imageBase:X} + text_offset, inside bank {first}",
            $"Use a load address in the first RAM bank at or above 0x{imageBase:X} (e.g. 0x{imageBase + 0x80000:X}); the image is linked there");
    }
}
