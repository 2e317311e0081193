namespace Bulkhead.Cli.Ctl;

/// <summary>
/// The management key file (docs/management.md): 32..128 hex digits (16..64 bytes) after trimming
/// whitespace; lines starting with '#' are comments. The same format the build embeds.
/// </summary>
public static class MgmtKeyFile
{
    public const int MinDigits = 32, MaxDigits = 128;

    /// <summary>The key bytes, or a <see cref="UsageException"/> naming the file and line.</summary>
    public static byte[] Read(string file)
    {
        if (!File.Exists(file)) throw new UsageException($"{file}: no such key file");
        string[] lines = File.ReadAllLines(file);
        var digits = new System.Text.StringBuilder();
        int firstLine = 0;
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            if (firstLine == 0) firstLine = i + 1;
            foreach (char c in line)
            {
                if (char.IsWhiteSpace(c)) continue;
                if (!Uri.IsHexDigit(c)) throw new UsageException($"{file}:{i + 1}: key: '{c}' is not a hex digit (the key is 32..128 hex digits)");
                digits.Append(c);
            }
        }
        if (digits.Length == 0) throw new UsageException($"{file}: key: the file holds no key (32..128 hex digits, '#' comment lines)");
        if (digits.Length is < MinDigits or > MaxDigits || digits.Length % 2 != 0)
            throw new UsageException($"{file}:{firstLine}: key: {digits.Length} hex digits; give an even number from {MinDigits} to {MaxDigits} (16..64 bytes)");
        return Convert.FromHexString(digits.ToString());
    }
}
