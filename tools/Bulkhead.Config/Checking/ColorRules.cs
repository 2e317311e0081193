using Bulkhead.Config.Diagnostics;
using Bulkhead.Core.Plan;

namespace Bulkhead.Config.Checking;

/// <summary>
/// Cache colouring (docs/cache-coloring.md). A system is coloured when a domain names 'colors:';
/// then every domain's RAM is on pages of its own colours, and the hypervisor keeps colour 0.
/// Runs before MemoryRules: a coloured region's physical span depends on how many colours it has.
/// - BH126: the board's LLC is not described (or the board is not arm64, or it has fewer than 2 colours);
/// - BH127: a colour out of range, given twice, or the hypervisor's;
/// - BH128: domains of different criticality share a colour (waivable with a justification);
/// - BH129: too few colours left to assign, or memory that cannot be coloured (Linux domains);
/// - BH130: a DMA-capable device in a coloured domain that no IOMMU translates for: its DMA would
///   use the guest's addresses as physical ones, which are other domains' pages.
/// </summary>
public static class ColorRules
{
    /// <summary>The colour no domain gets: the hypervisor's own.</summary>
    public const int HypervisorColor = 0;

    public static void Run(CheckContext ctx)
    {
        var sys = ctx.System;
        var named = sys.Domains.Where(d => d.Config.ColorsAt != default).ToList();
        if (named.Count == 0) return;

        var board = ctx.Board;
        var first = named[0].Config;
        if (board.IsX86 || board.Llc is null || board.Llc.Colors < 2)
        {
            string why = board.IsX86 ? $"board '{board.Id}' is x86-64; cache colouring is implemented for arm64 stage 2 only"
                : board.Llc is null ? $"board '{board.Id}' does not describe its last-level cache"
                : $"the last-level cache of board '{board.Id}' has {board.Llc.HardwareColors} page colour(s); colouring needs at least 2";
            ctx.Bag.Error(Codes.ColorsUnavailable, first.ColorsAt, first.Path + ".colors", why,
                board.IsX86 ? "Remove 'colors:'" : "Add 'llc: { size: ..., ways: ..., line_size: 64, shared: true }' to the board file from the SoC's TRM, or remove 'colors:'");
            return;
        }
        uint colors = board.Llc.Colors;
        sys.CacheColors = colors;
        sys.HypervisorColor = HypervisorColor;

        // Named colours.
        foreach (var d in named)
        {
            if (d.Config.Colors.Count == 0)
            {
                ctx.Bag.Error(Codes.ColorInvalid, d.Config.ColorsAt, d.Config.Path + ".colors", $"domain '{d.Name}' names no colours",
                    $"Name colours 1-{colors - 1} (colour {HypervisorColor} is the hypervisor's), or remove 'colors:' to have them assigned");
                continue;
            }
            ushort mask = 0;
            foreach (var c in d.Config.Colors)
            {
                if (c.Value >= colors)
                    ctx.Bag.Error(Codes.ColorInvalid, c.At, c.Path, $"colour {c.Value} does not exist: board '{board.Id}' has {colors} colours (0-{colors - 1})",
                        $"Use colours 1-{colors - 1}; {board.Llc.Size / 1024} KiB / ({board.Llc.Ways} ways * 4 KiB) = {board.Llc.HardwareColors} page colours" + (board.Llc.HardwareColors > colors ? $", used as {colors}" : ""));
                else if (c.Value == HypervisorColor)
                    ctx.Bag.Error(Codes.ColorInvalid, c.At, c.Path, $"colour {HypervisorColor} is the hypervisor's own", $"Use colours 1-{colors - 1}");
                else if ((mask & (1 << (int)c.Value)) != 0)
                    ctx.Bag.Error(Codes.ColorInvalid, c.At, c.Path, $"colour {c.Value} is named twice", "Name each colour once");
                else mask |= (ushort)(1 << (int)c.Value);
            }
            d.ColorMask = mask;
        }

        // Assigned colours: the free ones, split evenly and contiguously among the domains that name none.
        var unnamed = sys.Domains.Where(d => d.Config.ColorsAt == default).ToList();
        if (unnamed.Count > 0)
        {
            int usedMask = named.Aggregate(0, (m, d) => m | d.ColorMask) | (1 << HypervisorColor);
            var free = Enumerable.Range(0, (int)colors).Where(c => (usedMask & (1 << c)) == 0).ToList();
            int share = free.Count / unnamed.Count;
            if (share == 0)
                ctx.Bag.Error(Codes.ColorAssignment, unnamed[0].Config.At, unnamed[0].Config.Path + ".colors",
                    $"{free.Count} colour(s) are left for {unnamed.Count} domain(s) without 'colors:' (board '{board.Id}' has {colors}, colour {HypervisorColor} is the hypervisor's)",
                    "Name fewer colours for the other domains, or give these domains 'colors:' (domains of the same criticality may share)");
            else
                for (int i = 0; i < unnamed.Count; i++)
                    unnamed[i].ColorMask = (ushort)free.Skip(i * share).Take(share).Aggregate(0, (m, c) => m | (1 << c));
        }

        // Different criticality, shared colour: the cache sets they share let one evict the other's lines.
        var domains = sys.Domains;
        for (int i = 0; i < domains.Count; i++)
            for (int j = i + 1; j < domains.Count; j++)
            {
                var a = domains[i]; var b = domains[j];
                int shared = a.ColorMask & b.ColorMask;
                if (shared == 0 || a.Criticality == b.Criticality) continue;
                var where = b.Config.ColorsAt != default ? b.Config : a.Config;
                InterferenceRules.Violation(ctx, Codes.ColorSharedAcrossCriticality, new[] { a, b }, where.ColorsAt, where.Path + ".colors",
                    $"domains '{a.Name}' ({InterferenceRules.Level(a)}) and '{b.Name}' ({InterferenceRules.Level(b)}) share LLC colour(s) {List(shared)}: each can evict the other's cache lines",
                    "Give them disjoint colours, or add a waiver for BH128 naming both domains with a justification");
            }

        foreach (var d in domains.Where(x => x.ColorMask != 0))
        {
            if (d.Linux is not null)
                ctx.Bag.Error(Codes.ColorAssignment, d.Config.Image!.Linux!.At, d.Config.Image.Linux.Path, $"Linux domain '{d.Name}' cannot be coloured: its kernel, DTB and initramfs are copied to physical addresses at every start",
                    "Remove 'colors:' from the system, or run the Linux domain on another board build (docs/cache-coloring.md, limits)");
            foreach (var dev in d.Devices.Where(x => x.Dma is { } dma && !(dma.BehindIommu && board.Iommu is not null)))
            {
                var at = d.Config.Devices.FirstOrDefault(n => n.Value == dev.Name);
                ctx.Bag.Error(Codes.ColorDmaWithoutIommu, at?.At ?? d.Config.At, at?.Path ?? d.Config.Path + ".devices",
                    $"device '{dev.Name}' of coloured domain '{d.Name}' masters DMA and no IOMMU translates for it: the guest's addresses are not its physical pages, so its DMA would land in other domains' colours",
                    "Use a device behind the IOMMU (its stream uses the domain's stage-2 tables), or do not colour this system");
            }
            sys.Interference.Add(new InterferenceNote("cache", $"'{d.Name}' ({InterferenceRules.Level(d)}): LLC colours {List(d.ColorMask)} of {colors}" + (d.Config.ColorsAt == default ? " (assigned)" : "")));
        }
        sys.Interference.Add(new InterferenceNote("cache", $"hypervisor: LLC colour {HypervisorColor} (no domain has it); {board.Llc.Size / 1024} KiB, {board.Llc.Ways}-way, {board.Llc.LineSize} B lines" + (board.Llc.Shared ? ", shared by all cores" : ", not shared by all cores") + $": {board.Llc.HardwareColors} page colours" + (board.Llc.HardwareColors > colors ? $" used as {colors}" : "")));
    }

    /// <summary>The guest size the user wrote, as a whole number of colour periods: the physical span the region owns.</summary>
    public static ulong SpanFor(ResolvedSystem sys, ResolvedDomain d, ulong guestSize) => PlanColors.SpanFor(guestSize, d.ColorMask, sys.CacheColors);

    public static string List(int mask) => string.Join(",", Enumerable.Range(0, 16).Where(c => (mask & (1 << c)) != 0));
}
