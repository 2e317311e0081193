using Bulkhead.Config.Diagnostics;
using Bulkhead.Config.Yaml;
using Bulkhead.Core.Plan;

namespace Bulkhead.Config.Checking;

/// <summary>
/// A coloured system's hypervisor runs on colour 0 (docs/cache-coloring.md, "The hypervisor's
/// colour"): the boot core copies each 4 KiB page of its code, data, tables and stacks onto the
/// colour-0 page of one colour period of the pool, the largest coloured RAM span (no domain maps
/// its colour-0 pages, BH127). The build knows both sizes, so it refuses a pool too small (BH131)
/// instead of leaving it to the boot core's panic.
/// </summary>
public static class HypervisorColorPool
{
    /// <summary>The pool: the largest span of a coloured domain (lowest base on a tie) and its domain, or null in an uncoloured system.</summary>
    public static (ResolvedDomain Domain, PlacedRegion Memory)? Pool(ResolvedSystem system)
    {
        if (system.CacheColors == 0) return null;
        var spans = system.Domains.Where(d => d.ColorMask != 0).SelectMany(d => d.Memory.Select(m => (Domain: d, Memory: m))).ToList();
        if (spans.Count == 0) return null;
        return spans.OrderByDescending(s => s.Memory.Span.Size).ThenBy(s => s.Memory.Span.Base).First();
    }

    /// <summary>The located error when the pool has fewer colour periods than the built hypervisor has pages, else null.</summary>
    /// <param name="pages">4 KiB pages of [__hv_color_start, __hv_colored_end) in the built image</param>
    public static Diagnostic? Verify(ResolvedSystem system, ulong pages, string elfFile)
    {
        if (Pool(system) is not var (domain, memory)) return null;
        ulong period = PlanColors.Period(system.CacheColors);
        ulong periods = memory.Span.Size / period;
        if (pages <= periods) return null;
        int colors = domain.Colors.Count();
        // The span of a guest size g on k of n colours is g * n / k: the guest size whose span has enough periods.
        ulong needed = (pages * period * (ulong)colors / system.CacheColors + 0xFFFFF) & ~0xFFFFFUL;
        var bag = new DiagnosticBag();
        int index = system.Domains.IndexOf(domain), item = domain.Memory.IndexOf(memory);
        bag.Error(Codes.ColorPoolTooSmall, memory.Config.At, $"domains[{index}].memory[{item}]",
            $"the hypervisor runs on the colour-0 pages of the largest coloured RAM span, domain '{domain.Name}''s {memory.Span} "
            + $"({periods} colour periods of {Numbers.Size(period)}); the built hypervisor ({elfFile}: code, data with the plan and the domain images, tables, stacks) is {pages} pages of 4 KiB and needs one period each",
            $"Give domain '{domain.Name}' at least {Numbers.Size(needed)} of memory on its {colors} colours (or another coloured domain a span of {pages} periods)");
        return bag.Items[0];
    }
}
