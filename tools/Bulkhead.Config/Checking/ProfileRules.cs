using Bulkhead.Config.Diagnostics;
using Bulkhead.Config.Systems;
using Bulkhead.Config.Yaml;

namespace Bulkhead.Config.Checking;

/// <summary>
/// The C# profile of a builtin service ('profile: strict|rich') and the rich profile's heap
/// ('heap: 4M'), docs/config.md and docs/csharp-subset.md:
/// - BH100: 'heap' on a domain that is not rich (a strict service has no garbage-collected heap);
/// - BH101: a heap below <see cref="MinHeap"/>, or one that leaves less than <see cref="ImageReserve"/>
///   of the image's memory region for the image, its stacks and start-up allocations;
/// - BH102: 'profile' or 'heap' on a domain whose image is not a builtin C# service (a file, Linux, none);
/// - BH103 (warning, waivable): the rich profile on an ASIL domain (allocation and collection pauses
///   after start-up, exceptions: interference in time that strict services exclude by construction);
/// - BH104: a heap that is not a whole number of 4 KiB pages.
/// Runs after ImageRules (it needs the image kind and the load address) and before
/// InterferenceRules, which reports waivers that matched no finding.
/// </summary>
public static class ProfileRules
{
    /// <summary>The smallest heap a rich service can start with: the runtime's own start-up objects need a few pages.</summary>
    public const ulong MinHeap = 64 * 1024;

    /// <summary>
    /// What an explicit heap must leave of the image's region (from the load address): the image
    /// (a rich image is a few hundred KiB), the vCPU stacks and the allocations made before the heap
    /// exists. Only the build knows the image's exact size.
    /// </summary>
    public const ulong ImageReserve = 1024 * 1024;

    public static void Run(CheckContext ctx)
    {
        foreach (var d in ctx.System.Domains)
        {
            var profile = d.Config.Profile;
            var heap = d.Config.Heap;
            if (profile is null && heap is null) continue;

            if (d.ImageKind != ImageKind.Builtin && d.Config.Image?.Builtin is null)
            {
                // A file or Linux image is not compiled by Bulkhead: neither field can change it.
                if (profile is not null) NotBuiltin(ctx, d, profile.At, profile.Path);
                if (heap is not null) NotBuiltin(ctx, d, heap.At, heap.Path);
                continue;
            }

            if (heap is not null && d.Profile != ServiceProfile.Rich)
                ctx.Bag.Error(Codes.HeapWithoutRich, heap.At, heap.Path,
                    $"domain '{d.Name}' uses the strict profile{(profile is null ? " (the default for its criticality)" : "")}, which has no garbage-collected heap",
                    "Add 'profile: rich', or remove 'heap' (a strict service allocates at start-up only, from the rest of its memory)");
            else if (heap is not null)
                CheckHeapSize(ctx, d, heap);

            if (d.Profile == ServiceProfile.Rich && d.Criticality != Criticality.QM)
                InterferenceRules.Violation(ctx, Codes.RichOnAsil, new[] { d }, profile?.At ?? d.Config.At, profile?.Path ?? d.Config.Path + ".profile",
                    $"{CheckContext.CriticalityName(d.Criticality)} domain '{d.Name}' uses the rich profile: it allocates after start-up, pauses to collect garbage and may throw",
                    "Use 'profile: strict' (the default for ASIL domains), or add a waiver with a justification", warning: true);
        }
    }

    static void CheckHeapSize(CheckContext ctx, ResolvedDomain d, Loc<ulong> heap)
    {
        if (heap.Value % MemoryRules.Page != 0)
        {
            ctx.Bag.Error(Codes.HeapMisaligned, heap.At, heap.Path, $"heap {Numbers.Size(heap.Value)} is not a multiple of 4 KiB",
                $"Use {Numbers.Size((heap.Value + MemoryRules.Page - 1) / MemoryRules.Page * MemoryRules.Page)} (the collector manages whole pages)");
            return;
        }
        if (heap.Value < MinHeap)
        {
            ctx.Bag.Error(Codes.HeapSize, heap.At, heap.Path, $"heap {Numbers.Size(heap.Value)} is smaller than the rich runtime's minimum of {Numbers.Size(MinHeap)}",
                $"Give at least 'heap: {MinHeap / 1024}K', or omit 'heap' to use the rest of the domain's memory");
            return;
        }
        if (ctx.MemoryIncomplete.Contains(d) || d.Memory.Count == 0 || d.Memory.Any(r => !r.Placed)) return;   // MemoryRules reported it
        var home = d.Memory.Select(r => r.Range).FirstOrDefault(r => r.Contains(d.LoadAddress));
        if (home.Size == 0) return;   // ImageRules reported the load address
        ulong room = home.End - d.LoadAddress;
        if (heap.Value >= room || room - heap.Value < ImageReserve)
            ctx.Bag.Error(Codes.HeapSize, heap.At, heap.Path,
                $"heap {Numbers.Size(heap.Value)} leaves {(heap.Value >= room ? "nothing" : Numbers.Size(room - heap.Value))} of the {Numbers.Size(room)} from the image's load address 0x{d.LoadAddress:X} to the end of its region; the image and its stacks need at least {Numbers.Size(ImageReserve)}",
                room > ImageReserve + MinHeap
                    ? $"Use at most 'heap: {Yaml(room - ImageReserve)}', or give domain '{d.Name}' more memory"
                    : $"Give domain '{d.Name}' at least {Numbers.Size(heap.Value + ImageReserve + (d.LoadAddress - home.Base))} of memory in that region");
    }

    /// <summary>A size as it would be written in system.yaml (whole pages, so K always works).</summary>
    static string Yaml(ulong bytes) => bytes % (1024 * 1024) == 0 ? $"{bytes >> 20}M" : $"{(bytes & ~(MemoryRules.Page - 1)) >> 10}K";

    static void NotBuiltin(CheckContext ctx, ResolvedDomain d, Diagnostics.SourceSpan at, string path) =>
        ctx.Bag.Error(Codes.ProfileWithoutBuiltin, at, path, $"'{path.Split('.')[^1]}' is for builtin C# services, but domain '{d.Name}' {ImageText(d)}",
            "Remove it, or give the domain 'image: { builtin: <service> }'");

    static string ImageText(ResolvedDomain d) => d.Config.Image switch
    {
        null => "has no image",
        { Linux: not null } => "runs a Linux image",
        { File: not null } => $"runs the image file '{d.Config.Image.File.Value}'",
        _ => "has no builtin image",
    };
}
