using Bulkhead.Config.Boards;
using Bulkhead.Config.Diagnostics;
using Bulkhead.Config.Yaml;

namespace Bulkhead.Config.Checking;

/// <summary>
/// The hypervisor's memory must fit in the board's hypervisor.reserved range, because domains are
/// placed right after it. Its image embeds the plan and every domain image, and is followed by its
/// page tables, stacks and heap (hv-arm64/boot/link.ld, hv-x86/boot/link.ld), so a large domain
/// image makes the hypervisor grow into RAM a domain may own. The check knows only a lower bound
/// (the file images' sizes, the fixed parts of the link scripts, small minimums for the rest) and
/// refuses what surely does not fit; the build measures the built image and refuses exactly
/// (tools/Bulkhead.Systems/SystemBuilder.cs, <see cref="Verify"/>).
/// </summary>
public static class HypervisorFootprint
{
    const ulong KiB = 1024, MiB = 1024 * 1024;

    /// <summary>ARM64: identity-map tables (4 + 8 + 64 KiB), 8 stacks of 16 KiB, a 1 MiB heap (hv-arm64/boot/link.ld).</summary>
    public const ulong Arm64Fixed = 76 * KiB + 8 * 16 * KiB + MiB;
    /// <summary>x86-64: boot page tables (24 KiB), boot, AP and IST stacks (384 KiB), 1 MiB heap, 1 MiB of VMX pages (hv-x86/boot/link.ld).</summary>
    public const ulong X64Fixed = 24 * KiB + 384 * KiB + MiB + MiB;
    /// <summary>Code and data of the hypervisor itself: it has never been smaller than this.</summary>
    public const ulong MinimumCode = 96 * KiB;
    /// <summary>A built-in guest image (the build produces it later): never smaller than this.</summary>
    public const ulong MinimumBuiltinImage = 16 * KiB;

    public static void Run(CheckContext ctx)
    {
        var board = ctx.Board;
        var reserved = board.HypervisorReserved;
        if (reserved.Size == 0 || !reserved.Contains(board.HypervisorLoadAddress)) return;   // the board rules report these
        var domains = ctx.System.Domains;
        ulong files = domains.Where(d => d.ImageKind == ImageKind.File).Aggregate(0UL, (sum, d) => sum + d.ImageSize);
        int builtins = domains.Count(d => d.ImageKind == ImageKind.Builtin);
        ulong itself = (board.IsX86 ? X64Fixed : Arm64Fixed) + MinimumCode;
        ulong need = itself + files + (ulong)builtins * MinimumBuiltinImage;
        if (need <= reserved.End - board.HypervisorLoadAddress) return;

        string estimate = $"estimated: at least {Numbers.Size(itself)} for the hypervisor's code, page tables, stacks and heap, {Numbers.Size(files)} of file images"
            + (builtins > 0 ? $", {builtins} built-in image(s) of at least {Numbers.Size(MinimumBuiltinImage)}" : "");
        var (at, path) = Culprit(ctx);
        ctx.Bag.Error(Codes.HypervisorOutgrowsReserved, at, path,
            $"the hypervisor embeds every domain image: it needs at least {Numbers.Size(need)} from its load address 0x{board.HypervisorLoadAddress:X} ({estimate}), "
            + $"more than its reserved range {reserved} (hypervisor.reserved in {Checker.DisplayPath(board.File)}); domains placed after that range would overwrite it",
            Fix(board, board.HypervisorLoadAddress + need));
    }

    /// <summary>
    /// The build's exact check: the memory the built hypervisor uses, [__image_start, end of its
    /// last section), measured from its ELF file, must lie inside hypervisor.reserved.
    /// Returns the located error, or null when it fits.
    /// </summary>
    public static Diagnostic? Verify(ResolvedSystem system, AddressRange measured, string elfFile)
    {
        var board = system.Board;
        var reserved = board.HypervisorReserved;
        if (reserved.Size != 0 && reserved.Contains(measured)) return null;
        var bag = new DiagnosticBag();
        var (at, path) = Culprit(system);
        bag.Error(Codes.HypervisorOutgrowsReserved, at, path,
            $"the built hypervisor occupies {measured} ({measured.Size} bytes measured from {elfFile}: code, data, the plan and every domain image, page tables, stacks, heap), "
            + $"beyond its reserved range {reserved} (hypervisor.reserved in {Checker.DisplayPath(board.File)}); domains placed after that range would overwrite it",
            Fix(board, measured.End));
        return bag.Items[0];
    }

    static string Fix(Board board, ulong end)
    {
        ulong size = (end - board.HypervisorReserved.Base + MiB - 1) / MiB * MiB;
        return $"Give hypervisor.reserved in {Checker.DisplayPath(board.File)} a size of at least {Numbers.Size(size)}, or use smaller domain images";
    }

    static (SourceSpan At, string Path) Culprit(CheckContext ctx) => Culprit(ctx.System);

    /// <summary>The largest file image is the likely cause; without one, the board line.</summary>
    static (SourceSpan At, string Path) Culprit(ResolvedSystem system)
    {
        var largest = system.Domains.Where(d => d.ImageKind == ImageKind.File && d.Config.Image?.File is not null).OrderByDescending(d => d.ImageSize).FirstOrDefault();
        if (largest is not null) return (largest.Config.Image!.File!.At, largest.Config.Image.File.Path);
        return (system.Config.Board!.At, "board");
    }
}
