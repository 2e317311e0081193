using System.Text.Json;
using System.Text.Json.Nodes;
using Bulkhead.Config.Checking;
using Bulkhead.Config.Diagnostics;

namespace Bulkhead.Config.Reporting;

/// <summary>Machine-readable result of 'bulkhead check --json' (valid or not).</summary>
public static class JsonReport
{
    public static string Render(CheckResult result)
    {
        var root = new JsonObject
        {
            ["valid"] = result.ExitCode == 0,
            ["exitCode"] = result.ExitCode,
            ["diagnostics"] = new JsonArray(result.Diagnostics.Sorted().Select(Diag).ToArray()),
        };
        if (result.System is { } sys) root["system"] = System(sys);
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    static JsonNode Diag(Diagnostic d) => new JsonObject
    {
        ["severity"] = d.Severity == Severity.Error ? "error" : "warning",
        ["code"] = d.Code, ["file"] = d.Where.File, ["line"] = d.Where.Line, ["column"] = d.Where.Column,
        ["path"] = d.Path, ["message"] = d.Message, ["fix"] = d.Fix, ["text"] = d.ToString(),
    };

    static JsonNode Hex(ulong v) => JsonValue.Create($"0x{v:X}");

    static JsonNode System(ResolvedSystem sys)
    {
        var b = sys.Board;
        return new JsonObject
        {
            ["name"] = sys.Config.Name?.Value,
            ["board"] = new JsonObject { ["id"] = b.Id, ["name"] = b.Name, ["cores"] = b.Cores.Count },
            ["cacheColors"] = sys.CacheColors == 0 ? null : new JsonObject { ["colors"] = sys.CacheColors, ["hypervisor"] = sys.HypervisorColor, ["llcSize"] = b.Llc!.Size, ["ways"] = b.Llc.Ways, ["lineSize"] = b.Llc.LineSize, ["shared"] = b.Llc.Shared },
            ["domains"] = new JsonArray(sys.Domains.Select(d => (JsonNode)new JsonObject
            {
                ["index"] = d.Index, ["name"] = d.Name, ["criticality"] = CheckContext.CriticalityName(d.Criticality),
                ["cores"] = new JsonArray(d.Cores.Select(c => (JsonNode)c).ToArray()),
                ["memory"] = new JsonArray(d.Memory.Select(m => (JsonNode)new JsonObject { ["base"] = Hex(m.Range.Base), ["size"] = Hex(m.Range.Size), ["access"] = m.Config.Access, ["span"] = Hex(m.Span.Size) }).ToArray()),
                ["colors"] = new JsonArray(d.Colors.Select(c => (JsonNode)c).ToArray()),
                ["devices"] = new JsonArray(d.Devices.Select(x => (JsonNode)x.Name).ToArray()),
                ["interrupts"] = new JsonArray(d.AllInterrupts.Select(i => (JsonNode)i).ToArray()),
                ["image"] = new JsonObject { ["kind"] = d.ImageKind.ToString().ToLowerInvariant(), ["name"] = d.ImageName, ["size"] = d.ImageSize, ["loadAddress"] = Hex(d.LoadAddress) },
                ["entryPoint"] = Hex(d.EntryPoint),
                ["console"] = d.Console.ToString().ToLowerInvariant(),
                ["restart"] = d.RestartWindowMs == 0 ? new JsonObject { ["policy"] = d.Restart.ToString().ToLowerInvariant(), ["limit"] = d.RestartLimit }
                    : new JsonObject { ["policy"] = d.Restart.ToString().ToLowerInvariant(), ["limit"] = d.RestartLimit, ["windowMs"] = d.RestartWindowMs },
                ["watchdogMs"] = d.WatchdogMs,
                // The C# profile and heap of a builtin service (null for file and Linux images); heapSize 0: the rest of its memory.
                ["profile"] = d.ImageKind == ImageKind.Builtin ? d.Profile.ToString().ToLowerInvariant() : null,
                ["heapSize"] = d.ImageKind == ImageKind.Builtin && d.Profile == Systems.ServiceProfile.Rich ? Hex(d.HeapSize) : null,
                ["manages"] = new JsonArray(d.Manages.Select(m => (JsonNode)m.Name).ToArray()),
            }).ToArray()),
            ["channels"] = new JsonArray(sys.Channels.Select(c => (JsonNode)new JsonObject
            {
                ["name"] = c.Name, ["writer"] = c.Writer?.Name, ["readers"] = new JsonArray(c.Readers.Select(r => (JsonNode)r.Name).ToArray()),
                ["base"] = Hex(c.Range.Base), ["size"] = Hex(c.Range.Size), ["doorbell"] = c.Doorbell,
                ["kind"] = c.Kind == Systems.ChannelKind.OneWay ? "one-way" : "shared",
            }).ToArray()),
            ["memoryMap"] = new JsonArray(MemoryMap.Build(sys).Select(e => (JsonNode)new JsonObject
            {
                ["base"] = Hex(e.Range.Base), ["size"] = Hex(e.Range.Size), ["kind"] = e.Kind.ToString().ToLowerInvariant(), ["owner"] = e.Owner, ["detail"] = e.Detail,
            }).ToArray()),
            ["interference"] = new JsonArray(sys.Interference.Select(n => (JsonNode)new JsonObject { ["topic"] = n.Topic, ["text"] = n.Text, ["waived"] = n.Waived }).ToArray()),
        };
    }
}
