using System.Net;
using System.Text;
using Bulkhead.Config.Checking;
using Bulkhead.Config.Yaml;

namespace Bulkhead.Config.Reporting;

/// <summary>A self-contained HTML page with an SVG core map and memory map plus the text tables.</summary>
public static class HtmlReport
{
    static readonly string[] Palette = { "#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac" };

    public static string Color(int domain) => Palette[domain % Palette.Length];

    public static string Render(ResolvedSystem sys)
    {
        var s = new StringBuilder();
        string title = WebUtility.HtmlEncode($"Bulkhead partition: {sys.Config.Name?.Value ?? Path.GetFileName(sys.Config.File)} on {sys.Board.Name}");
        s.Append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>").Append(title).Append("</title>\n")
         .Append("<style>body{font-family:sans-serif;margin:2em}svg text{font-size:12px;font-family:sans-serif}pre{background:#f6f6f6;padding:1em}</style></head><body>\n")
         .Append("<h1>").Append(title).Append("</h1>\n");

        s.Append("<h2>Cores</h2>\n").Append(CoreMap(sys));
        s.Append("<h2>Memory map</h2>\n").Append(MemorySvg(sys));
        if (sys.CacheColors != 0) s.Append("<h2>Cache colours</h2>\n").Append(ColorSvg(sys));
        s.Append("<h2>Legend</h2>\n<ul>");
        foreach (var d in sys.Domains)
            s.Append($"<li><span style=\"background:{Color(d.Index)};padding:0 1em\">&nbsp;</span> {Enc(d.Name)} ({CheckContext.CriticalityName(d.Criticality)}{(d.ImageKind == ImageKind.Builtin ? ", C# " + TextReport.ProfileText(d) : "")})</li>");
        s.Append("<li><span style=\"background:#333;padding:0 1em\">&nbsp;</span> hypervisor</li><li><span style=\"background:#999;padding:0 1em\">&nbsp;</span> firmware</li>")
         .Append("<li><span style=\"background:#c9a0dc;padding:0 1em\">&nbsp;</span> channel</li><li><span style=\"background:#eee;padding:0 1em\">&nbsp;</span> free</li></ul>\n");
        if (sys.Domains.Any(d => d.Manages.Count > 0))
        {
            // Who may stop, start and restart whom at run time (docs/management.md).
            s.Append("<h2>Management</h2>\n<ul>");
            foreach (var d in sys.Domains.Where(d => d.Manages.Count > 0))
                s.Append($"<li>{Enc(d.Name)} ({CheckContext.CriticalityName(d.Criticality)}) manages ")
                 .Append(string.Join(", ", d.Manages.Select(m => $"{Enc(m.Name)} ({CheckContext.CriticalityName(m.Criticality)})"))).Append("</li>");
            s.Append("</ul>\n");
        }
        s.Append("<h2>Partition table</h2>\n<pre>").Append(Enc(TextReport.Render(sys))).Append("</pre>\n</body></html>\n");
        return s.ToString();
    }

    static string Enc(string t) => WebUtility.HtmlEncode(t);

    // One row per owner (the hypervisor, then each domain), one cell per LLC colour, filled in the owner's colour.
    static string ColorSvg(ResolvedSystem sys)
    {
        var s = new StringBuilder();
        int n = (int)sys.CacheColors, cell = 28, left = 150;
        var rows = new List<(string Name, int Mask, string Fill)> { ("hypervisor", 1 << sys.HypervisorColor, "#333") };
        rows.AddRange(sys.Domains.Select(d => (d.Name, (int)d.ColorMask, Color(d.Index))));
        s.Append($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{left + n * cell + 10}\" height=\"{(rows.Count + 1) * cell + 10}\">\n");
        for (int c = 0; c < n; c++) s.Append($"<text x=\"{left + c * cell + 8}\" y=\"18\">{c}</text>");
        for (int r = 0; r < rows.Count; r++)
        {
            int y = (r + 1) * cell;
            s.Append($"<text x=\"10\" y=\"{y + 18}\">{Enc(rows[r].Name)}</text>");
            for (int c = 0; c < n; c++)
                s.Append($"<rect x=\"{left + c * cell}\" y=\"{y}\" width=\"{cell - 2}\" height=\"{cell - 2}\" fill=\"{((rows[r].Mask & (1 << c)) != 0 ? rows[r].Fill : "#eee")}\"><title>{Enc(rows[r].Name)}: colour {c}</title></rect>");
            s.Append('\n');
        }
        return s.Append("</svg>\n").ToString();
    }

    static string CoreMap(ResolvedSystem sys)
    {
        var s = new StringBuilder();
        int n = sys.Board.Cores.Count, w = 120, h = 60;
        s.Append($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{n * (w + 10) + 10}\" height=\"{h + 20}\">\n");
        foreach (var c in sys.Board.Cores)
        {
            var d = sys.OwnerOfCore(c.Index);
            int x = 10 + c.Index * (w + 10);
            s.Append($"<rect x=\"{x}\" y=\"10\" width=\"{w}\" height=\"{h}\" rx=\"6\" fill=\"{(d is null ? "#eee" : Color(d.Index))}\" stroke=\"#333\"/>");
            s.Append($"<text x=\"{x + 8}\" y=\"30\" fill=\"{(d is null ? "#333" : "#fff")}\">core {c.Index} (0x{c.Mpidr:X})</text>");
            s.Append($"<text x=\"{x + 8}\" y=\"50\" fill=\"{(d is null ? "#333" : "#fff")}\">{Enc(d?.Name ?? "idle")}{(d?.ImageKind == ImageKind.Builtin ? $" ({d.Profile.ToString().ToLowerInvariant()})" : "")}</text>\n");
        }
        return s.Append("</svg>\n").ToString();
    }

    // Each entry gets a height proportional to log2(size) so 4 KiB channels and 1 GiB of free RAM are both visible.
    static string MemorySvg(ResolvedSystem sys)
    {
        var entries = MemoryMap.Build(sys);
        var heights = entries.Select(e => 18 + (int)(4 * Math.Max(0, Math.Log2(e.Range.Size) - 12))).ToList();
        int total = heights.Sum() + 20;
        var s = new StringBuilder($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"960\" height=\"{total}\">\n");
        int y = 10;
        for (int i = 0; i < entries.Count; i++)
        {
            var e = entries[i];
            string fill = e.Kind switch
            {
                MapEntryKind.Hypervisor => "#333", MapEntryKind.Firmware => "#999", MapEntryKind.Channel => "#c9a0dc",
                MapEntryKind.Free => "#eee", _ => Color(e.DomainIndex),
            };
            string ink = e.Kind is MapEntryKind.Free or MapEntryKind.Channel ? "#222" : "#fff";
            s.Append($"<text x=\"10\" y=\"{y + 13}\">0x{e.Range.Base:X9}</text>");
            s.Append($"<rect x=\"110\" y=\"{y}\" width=\"380\" height=\"{heights[i] - 2}\" fill=\"{fill}\" stroke=\"#555\"/>");
            s.Append($"<text x=\"118\" y=\"{y + 13}\" fill=\"{ink}\">{Enc(e.Owner)}</text>");
            s.Append($"<text x=\"500\" y=\"{y + 13}\">{Numbers.Size(e.Range.Size)} {Enc(e.Detail)}</text>\n");
            y += heights[i];
        }
        return s.Append("</svg>\n").ToString();
    }
}
