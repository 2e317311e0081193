using Bulkhead.Config.Boards;
using Bulkhead.Config.Diagnostics;
using Bulkhead.Config.Yaml;
using Bulkhead.Core.Plan;

namespace Bulkhead.Config.Checking;

/// <summary>
/// Memory lies in RAM, is page aligned and never overlaps another domain, a channel, the
/// hypervisor or firmware memory. Regions and channels without a base are then placed first-fit
/// (domains in file order, then channels), so the plan is deterministic.
/// </summary>
public static class MemoryRules
{
    public const ulong Page = 0x1000;
    const ulong BigPage = 0x200000;

    sealed record Taken(AddressRange Range, string What, string Path);

    public static void Run(CheckContext ctx)
    {
        var board = ctx.Board;
        var taken = new List<Taken>();
        if (board.HypervisorReserved.Size != 0) taken.Add(new Taken(board.HypervisorReserved, "the hypervisor's reserved range", "hypervisor"));
        foreach (var r in board.ReservedMemory) taken.Add(new Taken(r.Range, $"firmware-reserved memory '{r.Name}'", "reserved_memory"));

        // Explicit domain regions.
        foreach (var d in ctx.System.Domains)
        {
            if (d.Config.MemoryEmpty)
                ctx.Bag.Error(Codes.NoMemory, d.Config.MemoryAt, d.Config.Path + ".memory", $"domain '{d.Name}' has no memory", "Give the domain some RAM: 'memory: 64M'");
            foreach (var m in d.Config.Memory)
            {
                var region = new PlacedRegion { Config = m };
                d.Memory.Add(region);
                if (m.Size is null) { ctx.MemoryIncomplete.Add(d); continue; }
                if (!SizeOk(ctx, m.Size)) { ctx.MemoryIncomplete.Add(d); continue; }
                if (m.Base is null) continue;
                var range = new AddressRange(m.Base.Value, m.Size.Value);
                if (d.ColorMask != 0)
                {
                    // Coloured: the span starts a colour period, so its page j has colour j mod colours (PlanColors).
                    ulong period = PlanColors.Period(ctx.System.CacheColors);
                    if (m.Base.Value % period != 0)
                    {
                        ctx.Bag.Error(Codes.ColorAssignment, m.Base.At, m.Base.Path, $"base 0x{m.Base.Value:X} of coloured domain '{d.Name}' does not start a colour period (0x{period:X} bytes)",
                            $"Use a multiple of 0x{period:X}, e.g. 0x{(m.Base.Value + period - 1) / period * period:X}, or omit 'base'");
                        ctx.MemoryIncomplete.Add(d);
                        continue;
                    }
                    range = new AddressRange(m.Base.Value, ColorRules.SpanFor(ctx.System, d, m.Size.Value));
                }
                if (!PlacementOk(ctx, range, m.Base, m.Path, taken, d.Name)) { ctx.MemoryIncomplete.Add(d); continue; }
                region.Range = GuestView(d, range, m.Size.Value);
                region.Span = range;
                region.Placed = true;
                taken.Add(new Taken(range, $"domain '{d.Name}' memory", m.Path));
            }
        }

        // Explicit channels.
        foreach (var ch in ctx.System.Channels)
        {
            var c = ch.Config;
            if (c.Size is null || !SizeOk(ctx, c.Size)) continue;
            if (c.Base is null) continue;
            var range = new AddressRange(c.Base.Value, c.Size.Value);
            if (!PlacementOk(ctx, range, c.Base, c.Path + ".base", taken, null)) continue;
            ch.Range = range;
            ch.Placed = true;
            taken.Add(new Taken(range, $"channel '{ch.Name}'", c.Path));
        }

        // Sized regions, then channels, first-fit.
        foreach (var d in ctx.System.Domains)
            foreach (var region in d.Memory.Where(r => !r.Placed && r.Config.Base is null && r.Config.Size is not null && r.Config.Size.Value != 0 && r.Config.Size.Value % Page == 0))
            {
                var m = region.Config;
                ulong need = d.ColorMask != 0 ? ColorRules.SpanFor(ctx.System, d, m.Size!.Value) : m.Size!.Value;
                // coloured spans start a 2 MiB block: a colour period divides it, and the guest runtime maps 2 MiB blocks (BH105)
                if (Allocate(board, taken, need, d.ColorMask != 0 ? BigPage : Page) is { } range)
                {
                    region.Range = GuestView(d, range, m.Size.Value);
                    region.Span = range;
                    region.Placed = true;
                    taken.Add(new Taken(range, $"domain '{d.Name}' memory", m.Path));
                }
                else
                {
                    ctx.MemoryIncomplete.Add(d);
                    ctx.Bag.Error(Codes.OutOfMemory, m.Size.At, m.Size.Path, $"no free RAM block of {Numbers.Size(m.Size.Value)} is left for domain '{d.Name}'",
                        $"Reduce the size; the largest free block is {Numbers.Size(LargestFree(board, taken))}");
                }
            }
        foreach (var ch in ctx.System.Channels.Where(c => !c.Placed && c.Config.Base is null && c.Config.Size is { Value: > 0 } s && s.Value % Page == 0))
        {
            var size = ch.Config.Size!;
            if (Allocate(board, taken, size.Value) is { } range)
            {
                ch.Range = range;
                ch.Placed = true;
                taken.Add(new Taken(range, $"channel '{ch.Name}'", ch.Config.Path));
            }
            else
                ctx.Bag.Error(Codes.OutOfMemory, size.At, size.Path, $"no free RAM block of {Numbers.Size(size.Value)} is left for channel '{ch.Name}'",
                    $"Reduce the size; the largest free block is {Numbers.Size(LargestFree(board, taken))}");
        }

        // Linux domains: RAM no domain has, for the pristine copies of Image, DTB and initramfs
        // (restart copies them from there; docs/linux.md).
        foreach (var d in ctx.System.Domains.Where(x => x.Linux is not null))
        {
            var linux = d.Linux!;
            var at = d.Config.Image!.Linux!;
            if (Allocate(board, taken, linux.StagingSize) is { } range)
            {
                linux.Staging = range;
                taken.Add(new Taken(range, $"domain '{d.Name}' Linux staging", at.Path));
            }
            else
            {
                ctx.MemoryIncomplete.Add(d);
                ctx.Bag.Error(Codes.OutOfMemory, at.At, at.Path, $"no free RAM block of {Numbers.Size(linux.StagingSize)} is left for the pristine copy of domain '{d.Name}''s kernel, DTB and initramfs",
                    $"Give the domains less memory; the largest free block is {Numbers.Size(LargestFree(board, taken))}");
            }
        }
    }

    static bool SizeOk(CheckContext ctx, Loc<ulong> size)
    {
        if (size.Value == 0)
        {
            ctx.Bag.Error(Codes.ZeroSize, size.At, size.Path, "size is zero", "Give a size of at least 4K");
            return false;
        }
        if (size.Value % Page != 0)
        {
            ctx.Bag.Error(Codes.MemoryMisaligned, size.At, size.Path, $"size 0x{size.Value:X} is not a multiple of 4 KiB",
                $"Round it up to 0x{(size.Value + Page - 1) / Page * Page:X} (stage-2 pages are 4 KiB)");
            return false;
        }
        return true;
    }

    /// <summary>Checks an explicitly placed range against RAM, alignment and everything already taken.</summary>
    static bool PlacementOk(CheckContext ctx, AddressRange range, Loc<ulong> bas, string path, List<Taken> taken, string? domain)
    {
        var board = ctx.Board;
        if (bas.Value % Page != 0)
        {
            ctx.Bag.Error(Codes.MemoryMisaligned, bas.At, bas.Path, $"base 0x{bas.Value:X} is not aligned to 4 KiB",
                $"Use a multiple of 0x1000, e.g. 0x{bas.Value / Page * Page:X} (stage-2 pages are 4 KiB)");
            return false;
        }
        if (range.Wraps || !board.Ram.Any(r => r.Contains(range)))
        {
            ctx.Bag.Error(Codes.MemoryOutsideRam, bas.At, bas.Path, $"{range} is not inside the RAM of board '{board.Id}'",
                $"Use addresses inside a RAM bank ({string.Join(", ", board.Ram)}), or omit 'base' to let the checker place it");
            return false;
        }
        if (!AddressSpace.Covers(board, range))
        {
            ctx.Bag.Error(Codes.OutsideAddressSpace, bas.At, bas.Path, $"{range} lies beyond what the hypervisor can map: {AddressSpace.Describe(board)}",
                $"Use RAM below 0x{AddressSpace.Limit(board):X}, or omit 'base' to let the checker place it");
            return false;
        }
        foreach (var t in taken)
        {
            if (!t.Range.Overlaps(range)) continue;
            string code = t.Path switch
            {
                "hypervisor" => Codes.MemoryOverlapsHypervisor,
                "reserved_memory" => Codes.MemoryOverlapsFirmware,
                _ when t.What.StartsWith("channel", StringComparison.Ordinal) || domain is null => Codes.MemoryOverlapsChannel,
                _ => Codes.MemoryOverlapsDomain,
            };
            string where = t.Path is "hypervisor" or "reserved_memory" ? $"{t.Range}" : $"{t.Range} ({t.Path})";
            string fix = t.Path == "hypervisor"
                ? $"Start at or above 0x{t.Range.End:X}, or omit 'base' to let the checker place it"
                : "Move one of the ranges, or omit 'base' to let the checker place it";
            ctx.Bag.Error(code, bas.At, bas.Path, $"{range} overlaps {t.What} {where}", fix);
            return false;
        }
        return true;
    }

    static AddressRange? Allocate(Board board, List<Taken> taken, ulong size, ulong align = Page)
    {
        if (size >= BigPage && size % BigPage == 0 && TryFit(board, taken, size, BigPage) is { } big) return big;
        return TryFit(board, taken, size, align);
    }

    /// <summary>
    /// The guest's RAM: the span itself, or for a coloured domain the size it asked for, contiguous
    /// from the base (the hypervisor maps all the span's pages of its colours, PlanColors.GuestSize,
    /// at least that much: the rest of the last period is the domain's too, unused).
    /// </summary>
    static AddressRange GuestView(ResolvedDomain d, AddressRange span, ulong size) =>
        d.ColorMask == 0 ? span : new AddressRange(span.Base, size);

    static AddressRange? TryFit(Board board, List<Taken> taken, ulong size, ulong align)
    {
        ulong limit = AddressSpace.Limit(board);
        foreach (var bank in board.Ram.OrderBy(b => b.Base))
        {
            ulong cursor = bank.Base;
            ulong end = Math.Min(bank.End, limit);    // never beyond what the hypervisor maps
            while (true)
            {
                cursor = (cursor + align - 1) / align * align;
                if (cursor < bank.Base || cursor + size < cursor || cursor + size > end) break;
                var candidate = new AddressRange(cursor, size);
                var hit = taken.Where(t => t.Range.Overlaps(candidate)).Select(t => t.Range.End).DefaultIfEmpty(0UL).Max();
                if (hit == 0) return candidate;
                if (hit <= cursor) break;   // never move backwards (guards against odd board ranges)
                cursor = hit;
            }
        }
        return null;
    }

    static ulong LargestFree(Board board, List<Taken> taken)
    {
        ulong best = 0;
        ulong limit = AddressSpace.Limit(board);
        foreach (var whole in board.Ram.Where(b => b.Base < limit))
        {
            var bank = new AddressRange(whole.Base, Math.Min(whole.End, limit) - whole.Base);
            var cuts = taken.Select(t => t.Range).Where(r => r.Overlaps(bank)).OrderBy(r => r.Base).ToList();
            ulong cursor = bank.Base;
            foreach (var c in cuts)
            {
                if (c.Base > cursor) best = Math.Max(best, c.Base - cursor);
                cursor = Math.Max(cursor, c.End);
            }
            if (bank.End > cursor) best = Math.Max(best, bank.End - cursor);
        }
        return best / Page * Page;
    }
}
