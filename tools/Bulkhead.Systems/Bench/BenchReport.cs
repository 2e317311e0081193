using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Bulkhead.Systems.Bench;

/// <summary>Minimum, median and maximum of a figure's samples (all three equal for a single measurement).</summary>
public readonly record struct BenchStat(ulong Min, ulong Median, ulong Max)
{
    public static BenchStat Single(ulong value) => new(value, value, value);
}

/// <summary>
/// One row of the benchmark: a figure under the hypervisor and, where the same code runs natively,
/// without it. <paramref name="Key"/> is stable (tools compare runs by it, docs/performance.md lists them);
/// <paramref name="Samples"/> says whether the figure is a distribution (shown as min/median/max).
/// </summary>
public sealed record BenchRow(string Key, string Figure, string Unit, BenchStat Hypervisor, BenchStat? Native = null, string Note = "", bool Samples = false)
{
    /// <summary>Hypervisor median / native median, when there is a native figure.</summary>
    public double? Ratio => Native is { Median: > 0 } n ? (double)Hypervisor.Median / n.Median : null;

    public string HypervisorText => Text(Hypervisor);
    public string? NativeText => Native is { } n ? Text(n) : null;
    public string? RatioText => Ratio is double r ? r.ToString("0.00", CultureInfo.InvariantCulture) + "x" : null;

    private string Text(BenchStat s) => Samples ? $"{s.Min}/{s.Median}/{s.Max}" : s.Median.ToString(CultureInfo.InvariantCulture);
}

/// <summary>The benchmark table (text for people, JSON for tools: format in docs/performance.md).</summary>
public sealed class BenchReport
{
    public const string JsonFormat = "bulkhead-bench/1";

    public List<BenchRow> Rows { get; } = new();
    public bool Deterministic { get; set; }
    public int Runs { get; set; }

    public BenchRow Row(string key) => Rows.Single(r => r.Key == key);

    public string ToTable()
    {
        var sb = new StringBuilder();
        string[] head = ["figure", "unit", "hypervisor", "native", "ratio", "note"];
        var cells = Rows.Select(r => new[] { r.Figure, r.Unit, r.HypervisorText, r.NativeText ?? "-", r.RatioText ?? "-", r.Note }).Prepend(head).ToList();
        int[] width = Enumerable.Range(0, head.Length).Select(c => cells.Max(r => r[c].Length)).ToArray();
        foreach (var (row, i) in cells.Select((r, i) => (r, i)))
        {
            sb.AppendLine(string.Join("  ", row.Select((c, j) => c.PadRight(width[j]))).TrimEnd());
            if (i == 0) sb.AppendLine(string.Join("  ", width.Select(w => new string('-', w))));
        }
        sb.AppendLine(Runs > 1
            ? $"deterministic: {(Deterministic ? "yes" : "NO")} ({Runs} runs under -icount shift=0,align=off,sleep=off gave {(Deterministic ? "identical" : "different")} figures)"
            : "deterministic: not checked (--quick: one run)");
        return sb.ToString();
    }

    /// <summary>Every figure as numbers: key, unit, min/median/max, the native min/median/max and the ratio of medians (null where none).</summary>
    public string ToJson() => JsonSerializer.Serialize(new
    {
        format = JsonFormat,
        deterministic = Deterministic,
        runs = Runs,
        method = "QEMU -icount shift=0,align=off,sleep=off: 1 instruction = 1 ns of virtual time",
        figures = Rows.Select(r => new
        {
            key = r.Key,
            figure = r.Figure,
            unit = r.Unit,
            min = r.Hypervisor.Min,
            median = r.Hypervisor.Median,
            max = r.Hypervisor.Max,
            native = r.Native?.Median,
            native_min = r.Native?.Min,
            native_max = r.Native?.Max,
            ratio = r.Ratio is double x ? Math.Round(x, 4) : (double?)null,
            note = r.Note,
        }),
    }, new JsonSerializerOptions { WriteIndented = true });
}
