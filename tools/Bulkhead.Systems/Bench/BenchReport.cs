using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Bulkhead.Systems.Bench;

/// <summary>One row of the benchmark table: a figure under the hypervisor, natively, and their ratio.</summary>
public sealed record BenchRow(string Figure, string Unit, string Hypervisor, string? Native, string? Ratio, string Note = "");

/// <summary>The benchmark table (text for people, JSON for tools).</summary>
public sealed class BenchReport
{
    public List<BenchRow> Rows { get; } = new();
    public bool Deterministic { get; set; }
    public int Runs { get; set; }

    public static string Ratio(double hv, double native) =>
        native == 0 ? "-" : (hv / native).ToString("0.00", CultureInfo.InvariantCulture) + "x";

    public string ToTable()
    {
        var sb = new StringBuilder();
        string[] head = ["figure", "unit", "hypervisor", "native", "ratio", "note"];
        var cells = Rows.Select(r => new[] { r.Figure, r.Unit, r.Hypervisor, r.Native ?? "-", r.Ratio ?? "-", r.Note }).Prepend(head).ToList();
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

    public string ToJson() => JsonSerializer.Serialize(new
    {
        deterministic = Deterministic,
        runs = Runs,
        method = "QEMU -icount shift=0,align=off,sleep=off: 1 instruction = 1 ns of virtual time",
        rows = Rows.Select(r => new { figure = r.Figure, unit = r.Unit, hypervisor = r.Hypervisor, native = r.Native, ratio = r.Ratio, note = r.Note }),
    }, new JsonSerializerOptions { WriteIndented = true });
}
