using System.Text.Json;

namespace Bulkhead.Emulation;

/// <summary>
/// One line of a system's console: "[name] text" is a domain's line (the hypervisor adds the
/// prefix; names are 1-15 letters, digits, '-' or '_'), a bracket that is no domain name ("[    0.000000]",
/// a Linux kernel's timestamp on a console it owns exclusively) is raw "console" output, anything else
/// belongs to the hypervisor ("hv").
/// </summary>
public sealed record ConsoleLine(string Domain, string Text)
{
    public const string Hypervisor = "hv";
    public const string Unprefixed = "console";

    public static ConsoleLine Parse(string line)
    {
        if (line.StartsWith('['))
        {
            int close = line.IndexOf("] ", StringComparison.Ordinal);
            if (close > 1 && IsDomainName(line.AsSpan(1, close - 1))) return new ConsoleLine(line[1..close], line[(close + 2)..]);
            if (close > 1) return new ConsoleLine(Unprefixed, line);
        }
        return new ConsoleLine(Hypervisor, line);
    }

    // The checker's rule for domain names (docs/config.md): what the hypervisor can have prefixed.
    static bool IsDomainName(ReadOnlySpan<char> name)
    {
        if (name.Length is < 1 or > 15) return false;
        foreach (char c in name)
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_')) return false;
        return true;
    }

    public string ToJson() => JsonSerializer.Serialize(new Dictionary<string, string> { ["domain"] = Domain, ["text"] = Text });
}
