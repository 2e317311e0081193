using Bulkhead.Config.Diagnostics;
using YamlDotNet.RepresentationModel;

namespace Bulkhead.Config.Yaml;

/// <summary>
/// Typed, located access to one YAML mapping. Every read records the key as known; Finish()
/// then reports any other key as unknown (with a "did you mean" hint), so typos never pass
/// silently. Wrong types are reported and read as absent, so checking continues.
/// </summary>
public sealed class MapReader
{
    readonly HashSet<string> _known = new(StringComparer.Ordinal);

    public MapReader(string file, string path, YamlMappingNode node, DiagnosticBag bag)
    {
        File = file; Path = path; Node = node; Bag = bag;
    }

    public string File { get; }
    public string Path { get; }
    public YamlMappingNode Node { get; }
    public DiagnosticBag Bag { get; }
    public SourceSpan At => Span.Of(File, Node);

    public string Sub(string key) => Join(Path, key);

    public static string Join(string path, string key) => string.IsNullOrEmpty(path) ? key : path + "." + key;

    public bool Has(string key)
    {
        _known.Add(key);
        return Find(key) is { } n && !IsNull(n);
    }

    public YamlNode? Raw(string key)
    {
        _known.Add(key);
        var n = Find(key);
        return n is null || IsNull(n) ? null : n;
    }

    /// <summary>Where the value of key is written, or the key itself, or this mapping.</summary>
    public SourceSpan SpanOf(string key)
    {
        foreach (var (k, v) in Node.Children)
            if (k is YamlScalarNode ks && ks.Value == key) return Span.Of(File, IsNull(v) ? k : v);
        return At;
    }

    public Loc<string>? String(string key, bool required = false, string? hint = null)
    {
        var n = Raw(key);
        if (n is null) { MissingIf(required, key, hint); return null; }
        return Scalars.String(n, File, Sub(key), Bag);
    }

    public Loc<ulong>? Number(string key, bool required = false, string? hint = null)
    {
        var n = Raw(key);
        if (n is null) { MissingIf(required, key, hint); return null; }
        return Scalars.Number(n, File, Sub(key), Bag);
    }

    public Loc<uint>? UInt(string key, bool required = false, string? hint = null)
    {
        var n = Raw(key);
        if (n is null) { MissingIf(required, key, hint); return null; }
        return Scalars.UInt(n, File, Sub(key), Bag);
    }

    public Loc<T>? Enum<T>(string key, IReadOnlyDictionary<string, T> names, bool required = false, string? hint = null)
    {
        var n = Raw(key);
        if (n is null) { MissingIf(required, key, hint); return null; }
        return Scalars.Enum(n, File, Sub(key), Bag, names);
    }

    public MapReader? Map(string key, bool required = false, string? hint = null)
    {
        var n = Raw(key);
        if (n is null) { MissingIf(required, key, hint); return null; }
        return Scalars.Map(n, File, Sub(key), Bag);
    }

    /// <summary>The items of a list; a single scalar is accepted as a one-item list.</summary>
    public IReadOnlyList<Item> List(string key, bool required = false, string? hint = null)
    {
        var n = Raw(key);
        if (n is null) { MissingIf(required, key, hint); return Array.Empty<Item>(); }
        return Scalars.Items(n, File, Sub(key), Bag);
    }

    public void Finish(params string[] alsoKnown)
    {
        foreach (var k in alsoKnown) _known.Add(k);
        foreach (var (k, _) in Node.Children)
        {
            string name = k is YamlScalarNode s ? s.Value ?? "" : "?";
            if (_known.Contains(name)) continue;
            string? guess = Suggest(name, _known);
            string fix = guess is null
                ? $"Remove it; the fields allowed here are: {string.Join(", ", _known.Order(StringComparer.Ordinal))}"
                : $"Did you mean '{guess}'?";
            Bag.Error(Codes.UnknownField, Span.Of(File, k), Sub(name), $"unknown field '{name}'", fix);
        }
    }

    void MissingIf(bool required, string key, string? hint)
    {
        if (!required) return;
        Bag.Error(Codes.MissingField, At, Sub(key), $"required field '{key}' is missing",
            hint ?? $"Add '{key}:' to this mapping (see docs/config.md)");
    }

    YamlNode? Find(string key)
    {
        foreach (var (k, v) in Node.Children)
            if (k is YamlScalarNode ks && ks.Value == key) return v;
        return null;
    }

    static bool IsNull(YamlNode n) => n is YamlScalarNode s && s.Style == YamlDotNet.Core.ScalarStyle.Plain &&
        (string.IsNullOrEmpty(s.Value) || s.Value == "~" || s.Value == "null");

    static string? Suggest(string name, IEnumerable<string> known)
    {
        string? best = null;
        int bestDistance = int.MaxValue;
        foreach (var k in known)
        {
            int d = Levenshtein(name.ToLowerInvariant(), k.ToLowerInvariant());
            if (d < bestDistance) { best = k; bestDistance = d; }
        }
        return bestDistance <= Math.Max(2, name.Length / 3) ? best : null;
    }

    static int Levenshtein(string a, string b)
    {
        var prev = new int[b.Length + 1];
        var cur = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++) prev[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            cur[0] = i;
            for (int j = 1; j <= b.Length; j++)
                cur[j] = Math.Min(Math.Min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (prev, cur) = (cur, prev);
        }
        return prev[b.Length];
    }
}

/// <summary>One list element with its path (e.g. domains[2]) and position.</summary>
public sealed record Item(YamlNode Node, string Path, SourceSpan At, int Index);
