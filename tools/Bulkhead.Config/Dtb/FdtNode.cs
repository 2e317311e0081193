using System.Text;

namespace Bulkhead.Config.Dtb;

/// <summary>One device-tree node with its raw properties (values are big-endian byte strings).</summary>
public sealed class FdtNode
{
    public FdtNode(string name, FdtNode? parent) { Name = name; Parent = parent; }

    public string Name { get; }
    public FdtNode? Parent { get; }
    public List<FdtNode> Children { get; } = new();
    public List<(string Name, byte[] Value)> Properties { get; } = new();

    public string Path => Parent is null ? "/" : Parent.Parent is null ? "/" + Name : Parent.Path + "/" + Name;
    public string BaseName => Name.Split('@')[0];
    public string? UnitAddress => Name.Contains('@') ? Name[(Name.IndexOf('@') + 1)..] : null;

    public byte[]? Prop(string name)
    {
        foreach (var (n, v) in Properties) if (n == name) return v;
        return null;
    }

    public bool Has(string name) => Prop(name) is not null;

    public string? String(string name)
    {
        var v = Prop(name);
        if (v is null) return null;
        int end = Array.IndexOf(v, (byte)0);
        return Encoding.ASCII.GetString(v, 0, end < 0 ? v.Length : end);
    }

    public IReadOnlyList<string> Strings(string name)
    {
        var v = Prop(name);
        if (v is null) return Array.Empty<string>();
        return Encoding.ASCII.GetString(v).Split('\0', StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>The property as big-endian 32-bit cells (a trailing partial cell is dropped).</summary>
    public uint[] Cells(string name)
    {
        var v = Prop(name);
        if (v is null) return Array.Empty<uint>();
        var cells = new uint[v.Length / 4];
        for (int i = 0; i < cells.Length; i++)
            cells[i] = (uint)(v[4 * i] << 24 | v[4 * i + 1] << 16 | v[4 * i + 2] << 8 | v[4 * i + 3]);
        return cells;
    }

    public uint? U32(string name) => Cells(name) is { Length: > 0 } c ? c[0] : null;

    public bool IsCompatible(params string[] any) => Strings("compatible").Any(c => any.Contains(c));

    /// <summary>True unless status is something other than "okay"/"ok".</summary>
    public bool IsEnabled => String("status") is null or "okay" or "ok";

    public IEnumerable<FdtNode> Descendants()
    {
        foreach (var c in Children)
        {
            yield return c;
            foreach (var d in c.Descendants()) yield return d;
        }
    }
}
