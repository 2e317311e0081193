using System.Text.Json;

namespace Bulkhead.Cli.Ctl;

/// <summary>An authenticated ok:true answer: its JSON body and typed access to the fields ctl reads.</summary>
public sealed class MgmtResponse(JsonElement body, ulong seq)
{
    public JsonElement Body { get; } = body;
    public ulong Seq { get; } = seq;

    public string String(string name) => Body.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "";
    public ulong Number(string name) => Body.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetUInt64(out ulong n) ? n : 0;

    /// <summary>The answer without the envelope (v, seq, ok): what `--json` prints.</summary>
    public string PayloadJson()
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            foreach (var p in Body.EnumerateObject())
                if (p.Name is not ("v" or "seq" or "ok")) p.WriteTo(writer);
            writer.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }
}
