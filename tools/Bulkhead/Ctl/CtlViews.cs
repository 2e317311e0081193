using System.Text;
using System.Text.Json;

namespace Bulkhead.Cli.Ctl;

/// <summary>The human forms of the answers: the `list` table, the `status` sheet, durations.</summary>
public static class CtlViews
{
    public static string List(MgmtResponse list)
    {
        var rows = new List<string[]> { new[] { "NAME", "ID", "STATE", "CRITICALITY", "RESTARTS", "FAULTS", "UPTIME" } };
        foreach (var d in Domains(list))
            rows.Add([Str(d, "name"), Num(d, "id").ToString(), Str(d, "state"), Str(d, "criticality"), Num(d, "restarts").ToString(), Num(d, "faults").ToString(), Duration(Num(d, "uptime_ms"))]);
        return $"system {list.String("system")}, manager {list.String("manager")}\n" + Table(rows);
    }

    public static IEnumerable<JsonElement> Domains(MgmtResponse list) =>
        list.Body.TryGetProperty("domains", out var a) && a.ValueKind == JsonValueKind.Array ? a.EnumerateArray() : [];

    public static string Status(MgmtResponse status)
    {
        var d = status.Body.GetProperty("domain");
        var sb = new StringBuilder();
        void Line(string k, string v) => sb.Append($"{k,-16} {v}\n");
        Line("domain", $"{Str(d, "name")} (id {Num(d, "id")})");
        Line("state", Str(d, "state"));
        Line("criticality", Str(d, "criticality"));
        Line("restart policy", Str(d, "policy"));
        Line("vcpus", $"{Num(d, "vcpus_running")} of {Num(d, "vcpus")} running");
        Line("cores", Cores(d));
        Line("restarts", Num(d, "restarts").ToString());
        Line("faults", Num(d, "faults").ToString());
        Line("last fault", Str(d, "last_fault") is { Length: > 0 } f ? f : "(none)");
        Line("exits", Num(d, "exits").ToString());
        Line("interrupts", Num(d, "interrupts").ToString());
        Line("uptime", Duration(Num(d, "uptime_ms")));
        Line("watchdog", Num(d, "watchdog_ms") == 0 ? "none" : $"{Num(d, "watchdog_ms")} ms, heartbeat {Num(d, "heartbeat_age_ms")} ms ago");
        Line("console bytes", Num(d, "console_bytes").ToString());
        return sb.ToString();
    }

    public static string Cores(JsonElement d) =>
        d.TryGetProperty("cores", out var c) && c.ValueKind == JsonValueKind.Array ? string.Join(",", c.EnumerateArray().Select(x => x.ToString())) : "";

    public static string Str(JsonElement o, string name) => o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "";
    public static ulong Num(JsonElement o, string name) => o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetUInt64(out ulong n) ? n : 0;

    public static string Duration(ulong ms) =>
        ms < 1000 ? $"{ms} ms" : ms < 60_000 ? $"{ms / 1000.0:0.0} s" : ms < 3_600_000 ? $"{ms / 60_000}m{ms / 1000 % 60:00}s" : $"{ms / 3_600_000}h{ms / 60_000 % 60:00}m";

    /// <summary>Left-aligned columns, two spaces apart.</summary>
    public static string Table(IReadOnlyList<string[]> rows)
    {
        int columns = rows.Max(r => r.Length);
        var width = new int[columns];
        foreach (var r in rows) for (int i = 0; i < r.Length; i++) width[i] = Math.Max(width[i], r[i].Length);
        var sb = new StringBuilder();
        foreach (var r in rows)
        {
            for (int i = 0; i < r.Length; i++) sb.Append(i == r.Length - 1 ? r[i] : r[i].PadRight(width[i] + 2));
            sb.Append('\n');
        }
        return sb.ToString();
    }
}
