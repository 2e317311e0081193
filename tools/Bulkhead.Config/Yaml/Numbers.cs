using System.Globalization;

namespace Bulkhead.Config.Yaml;

/// <summary>
/// Parses the numbers people write in board and system files: 4096, 0x40000000, 0b101,
/// 64K, 64M, 1G, 2GiB, 1_000_000. Size suffixes are binary (K = 1024).
/// </summary>
public static class Numbers
{
    public static bool TryParse(string? text, out ulong value)
    {
        value = 0;
        if (string.IsNullOrWhiteSpace(text)) return false;
        string s = text.Trim().Replace("_", "");
        ulong multiplier = 1;
        string upper = s.ToUpperInvariant();
        foreach (var (suffix, mult) in Suffixes)
        {
            if (upper.EndsWith(suffix, StringComparison.Ordinal))
            {
                multiplier = mult;
                s = s[..^suffix.Length].TrimEnd();
                break;
            }
        }
        ulong number;
        if (s.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            if (!ulong.TryParse(s.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out number)) return false;
        }
        else if (s.StartsWith("0b", StringComparison.OrdinalIgnoreCase))
        {
            try { number = Convert.ToUInt64(s[2..], 2); } catch (Exception e) when (e is FormatException or OverflowException or ArgumentException) { return false; }
        }
        else if (!ulong.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out number)) return false;

        try { value = checked(number * multiplier); } catch (OverflowException) { return false; }
        return true;
    }

    // Longest first so "MiB" wins over "B"; hex numbers only take the multi-letter forms.
    static readonly (string, ulong)[] Suffixes =
    {
        ("KIB", 1UL << 10), ("MIB", 1UL << 20), ("GIB", 1UL << 30), ("TIB", 1UL << 40),
        ("K", 1UL << 10), ("M", 1UL << 20), ("G", 1UL << 30), ("T", 1UL << 40),
    };

    /// <summary>Human size: 64 MiB, 4 KiB, 1.5 GiB is printed as 1536 MiB to stay exact.</summary>
    public static string Size(ulong bytes)
    {
        if (bytes == 0) return "0";
        if (bytes % (1UL << 30) == 0) return $"{bytes >> 30} GiB";
        if (bytes % (1UL << 20) == 0) return $"{bytes >> 20} MiB";
        if (bytes % (1UL << 10) == 0 && bytes < (1UL << 20)) return $"{bytes >> 10} KiB";
        if (bytes >= (1UL << 20)) return string.Create(CultureInfo.InvariantCulture, $"{bytes / 1048576.0:0.##} MiB");
        return $"{bytes} B";
    }

    public static string Hex(ulong v) => "0x" + v.ToString("X8", CultureInfo.InvariantCulture);
}
