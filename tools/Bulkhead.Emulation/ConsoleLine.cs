using System.Text.Json;

namespace Bulkhead.Emulation;

/// <summary>
/// One line of a system's console: "[name] text" is a domain's line (the hypervisor adds the
/// prefix), anything else belongs to the hypervisor ("hv").
/// </summary>
public sealed record ConsoleLine(string Domain, string Text)
{
    public const string Hypervisor = "hv";

    public static ConsoleLine Parse(string line)
    {
        if (line.StartsWith('['))
        {
            int close = line.IndexOf("] ", StringComparison.Ordinal);
            if (close > 1) return new ConsoleLine(line[1..close], line[(close + 2)..]);
        }
        return new ConsoleLine(Hypervisor, line);
    }

    public string ToJson() => JsonSerializer.Serialize(new Dictionary<string, string> { ["domain"] = Domain, ["text"] = Text });
}
