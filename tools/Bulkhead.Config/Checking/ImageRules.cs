using Bulkhead.Config.Diagnostics;
using Bulkhead.Config.Yaml;

namespace Bulkhead.Config.Checking;

/// <summary>
/// Images named by file exist and fit into the domain's memory at their load address; the entry
/// point lies in the domain's memory. 'builtin' images are produced by the build later, so only
/// their name is recorded (their size is checked by the build).
/// </summary>
public static class ImageRules
{
    public static void Run(CheckContext ctx)
    {
        string folder = Path.GetDirectoryName(ctx.System.Config.FullPath) ?? ".";
        foreach (var d in ctx.System.Domains)
        {
            var img = d.Config.Image;
            if (img?.Linux is not null) continue;   // LinuxRules
            if (img is not null)
            {
                if (img.File is not null && img.Builtin is not null)
                    ctx.Bag.Error(Codes.ImageAmbiguous, img.At, img.Path, "the image names both 'file' and 'builtin'", "Keep exactly one of them");
                else if (img.File is null && img.Builtin is null)
                    ctx.Bag.Error(Codes.ImageAmbiguous, img.At, img.Path, "the image names neither 'file' nor 'builtin'",
                        "Add 'file: path/to/image.bin' or 'builtin: <guest name>'");
                else if (img.Builtin is not null)
                {
                    d.ImageKind = ImageKind.Builtin;
                    d.ImageName = img.Builtin.Value;
                }
                else if (img.File is not null)
                {
                    string full = Path.GetFullPath(Path.Combine(folder, img.File.Value));
                    if (!File.Exists(full))
                        ctx.Bag.Error(Codes.ImageNotFound, img.File.At, img.File.Path, $"image file '{img.File.Value}' not found (paths are relative to the folder of {Path.GetFileName(ctx.System.Config.FullPath)})",
                            "Build the image or fix the path (relative to the system file); use 'image: { builtin: <name> }' for a guest the build produces");
                    else
                    {
                        d.ImageKind = ImageKind.File;
                        d.ImageName = Path.GetFileNameWithoutExtension(full);
                        d.ImageFullPath = full;
                        var bytes = File.ReadAllBytes(full);
                        d.ImageSize = (ulong)bytes.LongLength;
                        d.ImageCrc = Crc(bytes);
                    }
                }
            }

            if (ctx.MemoryIncomplete.Contains(d) || d.Memory.Count == 0 || d.Memory.Any(r => !r.Placed)) continue;
            var firstRam = d.Memory[0].Range;
            d.LoadAddress = img?.LoadAddress?.Value ?? firstRam.Base;
            var home = d.Memory.Select(r => r.Range).FirstOrDefault(r => r.Contains(d.LoadAddress));
            if (img?.LoadAddress is { } load && home.Size == 0)
                ctx.Bag.Error(Codes.LoadOutsideMemory, load.At, load.Path, $"load address 0x{load.Value:X} is outside domain '{d.Name}' memory ({Ranges(d)})",
                    "Load the image inside the domain's memory, or omit 'load_address' to use the start of its first region");
            else if (d.ImageKind == ImageKind.File && home.Size != 0 && d.ImageSize > home.End - d.LoadAddress)
                ctx.Bag.Error(Codes.ImageTooLarge, img!.File!.At, img.File.Path,
                    $"image is {Numbers.Size(d.ImageSize)} ({d.ImageSize} bytes) but only {Numbers.Size(home.End - d.LoadAddress)} are free from its load address 0x{d.LoadAddress:X} to the end of the region",
                    $"Give domain '{d.Name}' at least {Numbers.Size((d.ImageSize + (d.LoadAddress - home.Base) + MemoryRules.Page - 1) / MemoryRules.Page * MemoryRules.Page)} of memory in that region");

            CheckServiceRegion(ctx, d);
            d.EntryPoint = d.Config.EntryPoint?.Value ?? d.LoadAddress;
            if (d.Config.EntryPoint is { } entry && !d.Memory.Any(r => r.Range.Contains(entry.Value)))
                ctx.Bag.Error(Codes.EntryOutsideMemory, entry.At, entry.Path, $"entry point 0x{entry.Value:X} is outside domain '{d.Name}' memory ({Ranges(d)})",
                    "Use an address inside the domain's memory (usually inside its image), or omit 'entry_point' to start at the load address");
        }
    }

    const ulong GuestBlock = 0x200000;

    /// <summary>
    /// The ARM64 guest runtime maps its RAM region in 2 MiB blocks (unikernel-sdk/arm64/identity-map.inc);
    /// a block only partly RAM stays Device memory. A service image in such a region would fetch its
    /// first instruction from Device memory and fault forever, so the region must be whole blocks.
    /// </summary>
    static void CheckServiceRegion(CheckContext ctx, ResolvedDomain d)
    {
        if (d.ImageKind != ImageKind.Builtin || ctx.Board.IsX86) return;
        var region = d.Memory.FirstOrDefault(r => r.Range.Contains(d.LoadAddress));
        if (region is null) return;
        var range = region.Range;
        if (range.Base % GuestBlock == 0 && range.Size % GuestBlock == 0) return;
        string hint = range.Size % GuestBlock != 0
            ? $"'size: {(range.Size + GuestBlock - 1) / GuestBlock * 2}M'"
            : $"'base: 0x{(range.Base + GuestBlock - 1) / GuestBlock * GuestBlock:X}'";
        ctx.Bag.Error(Codes.ServiceRegionNotBlockAligned, region.Config.At, region.Config.Path,
            $"domain '{d.Name}' runs the C# service '{d.ImageName}' from {range} ({Numbers.Size(range.Size)}), but the ARM64 guest runtime maps its RAM in 2 MiB blocks",
            $"Give the region a 2 MiB-aligned base and a size that is a multiple of 2 MiB, e.g. {hint}");
    }

    static string Ranges(ResolvedDomain d) => string.Join(", ", d.Memory.Select(r => r.Range.ToString()));

    static unsafe uint Crc(byte[] bytes)
    {
        fixed (byte* p = bytes) return Core.Plan.PlanCrc32.Compute(p, (uint)bytes.Length);
    }
}
