using System.Text.RegularExpressions;

namespace Bulkhead.Systems.Bench;

/// <summary>The "bench: name=value" lines of one run (and the hypervisor's boot timeline), parsed.</summary>
public sealed class BenchFigures
{
    private static readonly Regex BenchLine = new(@"bench: ([a-z0-9-]+)=(\S+)$", RegexOptions.Compiled);
    private static readonly Regex Timeline = new(@"^hv: boot timeline: banner at (\d+) ns, domains started at (\d+) ns$", RegexOptions.Compiled);

    public Dictionary<string, string> Values { get; } = new(StringComparer.Ordinal);

    public static BenchFigures Parse(IEnumerable<string> lines)
    {
        var figures = new BenchFigures();
        foreach (var line in lines)
        {
            var m = BenchLine.Match(line);
            if (m.Success) figures.Values[m.Groups[1].Value] = m.Groups[2].Value;
            var t = Timeline.Match(line);
            if (t.Success)
            {
                figures.Values["hv-banner-ns"] = t.Groups[1].Value;
                figures.Values["hv-domains-started-ns"] = t.Groups[2].Value;
            }
        }
        return figures;
    }

    public ulong? Number(string name) => Values.TryGetValue(name, out var v) && ulong.TryParse(v, out var n) ? n : null;

    /// <summary>A "min:a,median:b,max:c" figure.</summary>
    public (ulong Min, ulong Median, ulong Max)? Distribution(string name)
    {
        if (!Values.TryGetValue(name, out var v)) return null;
        var parts = v.Split(',').Select(p => ulong.Parse(p[(p.IndexOf(':') + 1)..])).ToArray();
        return parts.Length == 3 ? (parts[0], parts[1], parts[2]) : null;
    }

    /// <summary>True when both runs produced exactly the same figures.</summary>
    public bool SameAs(BenchFigures other) =>
        Values.Count == other.Values.Count && Values.All(kv => other.Values.TryGetValue(kv.Key, out var v) && v == kv.Value);
}
