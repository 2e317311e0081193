using System.Text;
using Bulkhead.Config.Checking;
using Bulkhead.Config.Yaml;

namespace Bulkhead.Config.Reporting;

/// <summary>The partition table printed by 'bulkhead check' on success.</summary>
public static class TextReport
{
    public static string Render(ResolvedSystem sys)
    {
        var s = new StringBuilder();
        var b = sys.Board;
        string name = sys.Config.Name?.Value ?? Path.GetFileNameWithoutExtension(sys.Config.File);
        s.AppendLine($"System '{name}' on {b.Name} ({b.Id}): valid, {sys.Domains.Count} domains, {sys.Channels.Count} channels");
        s.AppendLine();

        s.AppendLine("Domains");
        Table(s, new[] { "name", "criticality", "cores", "memory", "image", "profile", "entry", "console", "restart", "watchdog" },
            sys.Domains.Select(d => new[]
            {
                d.Name, CheckContext.CriticalityName(d.Criticality), string.Join(",", d.Cores),
                Numbers.Size(d.Memory.Aggregate(0UL, (a, m) => a + m.Range.Size)),
                d.ImageKind switch { ImageKind.Builtin => $"builtin:{d.ImageName}", ImageKind.File => $"{d.ImageName} ({Numbers.Size(d.ImageSize)})", ImageKind.Linux => $"linux:{d.ImageName}", _ => "-" },
                ProfileText(d), $"0x{d.EntryPoint:X}", d.Console.ToString().ToLowerInvariant(),
                d.Restart == Systems.RestartPolicy.Restart ? (d.RestartWindowMs == 0 ? $"restart (max {d.RestartLimit})" : $"restart (max {d.RestartLimit} in {d.RestartWindowMs} ms)") : "stop",
                d.WatchdogMs == 0 ? "-" : $"{d.WatchdogMs} ms",
            }));

        if (sys.CacheColors != 0)
        {
            // Cache colouring (docs/cache-coloring.md): which LLC page colours each domain's RAM is on.
            var llc = b.Llc!;
            s.AppendLine();
            s.AppendLine($"Cache colours (LLC {Numbers.Size(llc.Size)}, {llc.Ways}-way, {llc.LineSize} B lines, {(llc.Shared ? "shared by all cores" : "not shared by all cores")}: {sys.CacheColors} colours; # = the domain's)");
            Table(s, new[] { "owner", "colours" }.Concat(Enumerable.Range(0, (int)sys.CacheColors).Select(c => c.ToString())).Append("span").ToArray(),
                new[] { new[] { "hypervisor", sys.HypervisorColor.ToString() }.Concat(Enumerable.Range(0, (int)sys.CacheColors).Select(c => c == sys.HypervisorColor ? "#" : ".")).Append("-").ToArray() }
                .Concat(sys.Domains.Select(d => new[] { d.Name, ColorRules.List(d.ColorMask) + (d.Config.ColorsAt == default ? " (assigned)" : "") }
                    .Concat(Enumerable.Range(0, (int)sys.CacheColors).Select(c => (d.ColorMask & (1 << c)) != 0 ? "#" : "."))
                    .Append(Numbers.Size(d.Memory.Aggregate(0UL, (a, m) => a + m.Span.Size))).ToArray())));
        }

        s.AppendLine();
        s.AppendLine("Core map (X = the domain runs on that physical core)");
        Table(s, new[] { "domain" }.Concat(b.Cores.Select(c => $"core {c.Index}")).ToArray(),
            sys.Domains.Select(d => new[] { d.Name }.Concat(b.Cores.Select(c => d.Cores.Contains(c.Index) ? "X" : ".")).ToArray()));

        s.AppendLine();
        s.AppendLine("Cores");
        Table(s, new[] { "core", b.IsX86 ? "apic id" : "mpidr", "start", "domain" },
            b.Cores.Select(c => new[]
            {
                c.Index.ToString(), $"0x{c.Mpidr:X}", c.ReleaseAddress is { } r ? $"spin-table 0x{r:X}" : b.BootMethod == Boards.BootMethod.InitSipi ? "init-sipi" : "psci",
                sys.OwnerOfCore(c.Index) is { } d ? $"{d.Name} ({CheckContext.CriticalityName(d.Criticality)})" : "(idle)",
            }));

        s.AppendLine();
        s.AppendLine("Memory map");
        Table(s, new[] { "start", "end", "size", "owner", "detail" },
            MemoryMap.Build(sys).Select(e => new[] { $"0x{e.Range.Base:X9}", $"0x{e.Range.End:X9}", Numbers.Size(e.Range.Size), e.Owner, e.Detail }));

        s.AppendLine();
        s.AppendLine("Devices");
        var owned = sys.Domains.SelectMany(d => d.Devices.Select(dev => (d, dev))).ToList();
        if (owned.Count == 0) s.AppendLine("  (none assigned)");
        else Table(s, new[] { "device", "domain", "mmio", "interrupts" },
            owned.Select(x => new[] { x.dev.Name, x.d.Name, string.Join(", ", x.dev.Mmio.Select(m => m.ToString())), string.Join(",", x.dev.Interrupts) }));

        s.AppendLine();
        s.AppendLine(b.IsX86 ? "Interrupts (GSIs)" : "Interrupts (SPIs)");
        var irqs = sys.Domains.SelectMany(d => d.AllInterrupts.Select(i => (i, d.Name, Source(d, i))))
            .Concat(sys.Channels.Where(c => c.Doorbell != 0).SelectMany(c => c.Readers.Select(r => (c.Doorbell, r.Name, $"doorbell of channel {c.Name}"))))
            .OrderBy(x => x.Item1).ToList();
        if (irqs.Count == 0) s.AppendLine("  (none assigned)");
        else Table(s, new[] { "intid", "domain", "source" }, irqs.Select(x => new[] { x.Item1.ToString(), x.Item2, x.Item3 }));

        s.AppendLine();
        s.AppendLine("Channels");
        if (sys.Channels.Count == 0) s.AppendLine("  (none)");
        else Table(s, new[] { "channel", "writer", "readers", "base", "size", "doorbell", "kind" },
            sys.Channels.Select(c => new[]
            {
                c.Name, c.Writer?.Name ?? "?", string.Join(", ", c.Readers.Select(r => r.Name)), $"0x{c.Range.Base:X}", Numbers.Size(c.Range.Size),
                c.Doorbell == 0 ? "-" : c.Doorbell.ToString(), c.Kind == Systems.ChannelKind.OneWay ? "one-way" : "shared",
            }));

        s.AppendLine();
        s.AppendLine("Interference report");
        foreach (var n in sys.Interference) s.AppendLine($"  [{n.Topic}] {n.Text}");
        return s.ToString();
    }

    /// <summary>"strict", "rich (heap 4 MiB)" or "rich (heap: rest of memory)" for a builtin C# service; "-" for other images.</summary>
    public static string ProfileText(ResolvedDomain d) =>
        d.ImageKind != ImageKind.Builtin ? "-"
        : d.Profile == Systems.ServiceProfile.Strict ? "strict"
        : d.HeapSize == 0 ? "rich (heap: rest of memory)" : $"rich (heap {Numbers.Size(d.HeapSize)})";

    static string Source(ResolvedDomain d, uint intid) =>
        d.Devices.FirstOrDefault(dev => dev.Interrupts.Contains(intid)) is { } dev ? $"device {dev.Name}" : "explicit";

    static void Table(StringBuilder s, string[] header, IEnumerable<string[]> rows)
    {
        var all = rows.Prepend(header).ToList();
        var widths = header.Select((_, i) => all.Max(r => r[i].Length)).ToArray();
        foreach (var (row, index) in all.Select((r, i) => (r, i)))
        {
            s.Append("  ");
            s.AppendLine(string.Join("  ", row.Select((cell, i) => i == row.Length - 1 ? cell : cell.PadRight(widths[i]))).TrimEnd());
            if (index == 0) s.AppendLine("  " + string.Join("  ", widths.Select(w => new string('-', w))));
        }
    }
}
