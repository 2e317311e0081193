using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace Bulkhead.Cli.Ctl;

/// <summary>
/// `bulkhead ctl top`: a live per-domain table like xentop. Each iteration asks `list`, then
/// `status` of every managed domain, and shows the counters with their rates since the last one.
/// </summary>
public sealed class CtlTop(MgmtClient client)
{
    /// <summary>One sample: the list answer and each domain's status record, taken at <see cref="At"/>.</summary>
    public sealed record Sample(MgmtResponse List, IReadOnlyList<JsonElement> Domains, TimeSpan At);

    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public Sample Take()
    {
        var list = client.List();
        var domains = new List<JsonElement>();
        foreach (var d in CtlViews.Domains(list))
        {
            string name = CtlViews.Str(d, "name");
            try { domains.Add(client.Status(name).Body.GetProperty("domain")); }
            catch (MgmtRefusedException e) when (e.Code is "unknown-domain")
            {
                continue;   // left the list between the two requests
            }
        }
        return new Sample(list, domains, _clock.Elapsed);
    }

    public static readonly string[] Header =
        ["NAME", "ID", "STATE", "CRIT", "VCPUS", "CORES", "RESTARTS", "FAULTS", "EXITS", "EXITS/S", "IRQS", "IRQS/S", "UPTIME", "HEARTBEAT", "CONSOLE", "LAST FAULT"];

    public static string Render(Sample now, Sample? before)
    {
        var rows = new List<string[]> { Header };
        double seconds = before == null ? 0 : (now.At - before.At).TotalSeconds;
        foreach (var d in now.Domains)
        {
            string name = CtlViews.Str(d, "name");
            JsonElement? old = before?.Domains.FirstOrDefault(x => CtlViews.Str(x, "name") == name);
            string Rate(string field)
            {
                if (old is not { ValueKind: JsonValueKind.Object } o || seconds <= 0) return "-";
                ulong a = CtlViews.Num(o, field), b = CtlViews.Num(d, field);
                return b < a ? "-" : $"{(b - a) / seconds:0}";   // a restart reset the counter
            }
            ulong watchdog = CtlViews.Num(d, "watchdog_ms");
            rows.Add([name, CtlViews.Num(d, "id").ToString(), CtlViews.Str(d, "state"), CtlViews.Str(d, "criticality"),
                $"{CtlViews.Num(d, "vcpus_running")}/{CtlViews.Num(d, "vcpus")}", CtlViews.Cores(d),
                CtlViews.Num(d, "restarts").ToString(), CtlViews.Num(d, "faults").ToString(),
                CtlViews.Num(d, "exits").ToString(), Rate("exits"), CtlViews.Num(d, "interrupts").ToString(), Rate("interrupts"),
                CtlViews.Duration(CtlViews.Num(d, "uptime_ms")), watchdog == 0 ? "-" : $"{CtlViews.Num(d, "heartbeat_age_ms")}/{watchdog} ms",
                CtlViews.Num(d, "console_bytes").ToString(), Shorten(CtlViews.Str(d, "last_fault"), 60)]);
        }
        return $"bulkhead top: system {now.List.String("system")}, manager {now.List.String("manager")}, {now.Domains.Count} managed domain(s), {DateTime.Now:HH:mm:ss}\n"
               + CtlViews.Table(rows);
    }

    /// <summary>One JSON line per iteration: {"system","manager","domains":[status records]}.</summary>
    public static string Json(Sample now)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteString("system", now.List.String("system"));
            w.WriteString("manager", now.List.String("manager"));
            w.WriteNumber("elapsed_ms", (long)now.At.TotalMilliseconds);
            w.WriteStartArray("domains");
            foreach (var d in now.Domains) d.WriteTo(w);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static string Shorten(string s, int max) => s.Length <= max ? s : s[..(max - 3)] + "...";
}
