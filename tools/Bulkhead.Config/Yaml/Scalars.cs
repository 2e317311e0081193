using Bulkhead.Config.Diagnostics;
using YamlDotNet.RepresentationModel;

namespace Bulkhead.Config.Yaml;

/// <summary>Conversions of single nodes, reporting a located BH012/BH013 when the shape is wrong.</summary>
public static class Scalars
{
    public static Loc<string>? String(YamlNode n, string file, string path, DiagnosticBag bag)
    {
        if (n is YamlScalarNode s && s.Value is not null)
            return new Loc<string>(s.Value, Span.Of(file, n), path);
        bag.Error(Codes.WrongType, Span.Of(file, n), path, $"expected a text value, found a {Span.KindName(n)}", "Write a single value here");
        return null;
    }

    public static Loc<ulong>? Number(YamlNode n, string file, string path, DiagnosticBag bag)
    {
        if (n is YamlScalarNode s && Numbers.TryParse(s.Value, out ulong v))
            return new Loc<ulong>(v, Span.Of(file, n), path);
        string found = n is YamlScalarNode sc ? $"'{sc.Value}'" : $"a {Span.KindName(n)}";
        bag.Error(Codes.WrongType, Span.Of(file, n), path, $"expected a number, found {found}",
            "Write a decimal or 0x-hexadecimal number, optionally with a K/M/G size suffix (e.g. 0x40000000 or 64M)");
        return null;
    }

    public static Loc<uint>? UInt(YamlNode n, string file, string path, DiagnosticBag bag)
    {
        var v = Number(n, file, path, bag);
        if (v is null) return null;
        if (v.Value > uint.MaxValue)
        {
            bag.Error(Codes.BadValue, v.At, path, $"{v.Value} is too large", "Use a value below 4294967296");
            return null;
        }
        return new Loc<uint>((uint)v.Value, v.At, path);
    }

    public static Loc<T>? Enum<T>(YamlNode n, string file, string path, DiagnosticBag bag, IReadOnlyDictionary<string, T> names)
    {
        var s = String(n, file, path, bag);
        if (s is null) return null;
        foreach (var (name, value) in names)
            if (string.Equals(name, s.Value, StringComparison.OrdinalIgnoreCase)) return new Loc<T>(value, s.At, path);
        bag.Error(Codes.BadValue, s.At, path, $"'{s.Value}' is not an allowed value",
            $"Use one of: {string.Join(", ", names.Keys)}");
        return null;
    }

    public static MapReader? Map(YamlNode n, string file, string path, DiagnosticBag bag)
    {
        if (n is YamlMappingNode m) return new MapReader(file, path, m, bag);
        bag.Error(Codes.WrongType, Span.Of(file, n), path, $"expected a mapping of fields, found a {Span.KindName(n)}",
            "Write 'field: value' entries here (see docs/config.md)");
        return null;
    }

    public static IReadOnlyList<Item> Items(YamlNode n, string file, string path, DiagnosticBag bag)
    {
        if (n is YamlSequenceNode seq)
            return seq.Children.Select((c, i) => new Item(c, $"{path}[{i}]", Span.Of(file, c), i)).ToList();
        if (n is YamlScalarNode)
            return new[] { new Item(n, $"{path}[0]", Span.Of(file, n), 0) };
        bag.Error(Codes.WrongType, Span.Of(file, n), path, $"expected a list, found a {Span.KindName(n)}",
            "Write a list: '[a, b]' or one '- item' per line");
        return Array.Empty<Item>();
    }
}
