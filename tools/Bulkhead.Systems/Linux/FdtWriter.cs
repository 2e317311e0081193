using System.Buffers.Binary;
using System.Text;

namespace Bulkhead.Systems.Linux;

/// <summary>One node of a flattened device tree being written: properties in order, then children.</summary>
public sealed class FdtNodeBuilder(string name)
{
    public string Name { get; } = name;
    public List<(string Name, byte[] Value)> Properties { get; } = new();
    public List<FdtNodeBuilder> Children { get; } = new();

    public FdtNodeBuilder Child(string name)
    {
        var child = new FdtNodeBuilder(name);
        Children.Add(child);
        return child;
    }

    public FdtNodeBuilder Empty(string name) => Raw(name, []);
    public FdtNodeBuilder String(string name, string value) => Raw(name, Encoding.ASCII.GetBytes(value + "\0"));
    public FdtNodeBuilder Strings(string name, params string[] values) => Raw(name, Encoding.ASCII.GetBytes(string.Concat(values.Select(v => v + "\0"))));

    public FdtNodeBuilder Cells(string name, params uint[] cells)
    {
        var bytes = new byte[cells.Length * 4];
        for (int i = 0; i < cells.Length; i++) BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(i * 4), cells[i]);
        return Raw(name, bytes);
    }

    /// <summary>64-bit values as two cells each (addresses and sizes with #address-cells = #size-cells = 2).</summary>
    public FdtNodeBuilder Cells64(string name, params ulong[] values) =>
        Cells(name, values.SelectMany(v => new[] { (uint)(v >> 32), (uint)v }).ToArray());

    public FdtNodeBuilder Raw(string name, byte[] value)
    {
        Properties.Add((name, value));
        return this;
    }
}

/// <summary>
/// Writes a flattened device tree blob (devicetree specification v0.4, chapter 5: header, empty
/// memory reservation block, structure block, strings block), version 17.
/// </summary>
public static class FdtWriter
{
    const uint Magic = 0xD00DFEED;
    const uint BeginNode = 1, EndNode = 2, Prop = 3, End = 9;
    const int HeaderSize = 40;
    const uint Version = 17, LastCompatibleVersion = 16;

    public static byte[] Write(FdtNodeBuilder root, uint bootCpu = 0)
    {
        var structure = new MemoryStream();
        var strings = new MemoryStream();
        var offsets = new Dictionary<string, uint>(StringComparer.Ordinal);
        WriteNode(root, structure, strings, offsets);
        Token(structure, End);

        const int reservationSize = 16;                // one terminating (0, 0) entry
        uint structOffset = HeaderSize + reservationSize;
        uint stringsOffset = structOffset + (uint)structure.Length;
        uint total = stringsOffset + (uint)strings.Length;
        var blob = new byte[(total + 7) & ~7u];
        void Put(int at, uint v) => BinaryPrimitives.WriteUInt32BigEndian(blob.AsSpan(at), v);
        Put(0, Magic);
        Put(4, (uint)blob.Length);
        Put(8, structOffset);
        Put(12, stringsOffset);
        Put(16, HeaderSize);                           // memory reservation block
        Put(20, Version);
        Put(24, LastCompatibleVersion);
        Put(28, bootCpu);
        Put(32, (uint)strings.Length);
        Put(36, (uint)structure.Length);
        structure.ToArray().CopyTo(blob, (int)structOffset);
        strings.ToArray().CopyTo(blob, (int)stringsOffset);
        return blob;
    }

    static void WriteNode(FdtNodeBuilder node, MemoryStream s, MemoryStream strings, Dictionary<string, uint> offsets)
    {
        Token(s, BeginNode);
        Padded(s, Encoding.ASCII.GetBytes(node.Name + "\0"));
        foreach (var (name, value) in node.Properties)
        {
            if (!offsets.TryGetValue(name, out uint offset))
            {
                offset = (uint)strings.Length;
                offsets[name] = offset;
                strings.Write(Encoding.ASCII.GetBytes(name + "\0"));
            }
            Token(s, Prop);
            Token(s, (uint)value.Length);
            Token(s, offset);
            Padded(s, value);
        }
        foreach (var child in node.Children) WriteNode(child, s, strings, offsets);
        Token(s, EndNode);
    }

    static void Token(MemoryStream s, uint value)
    {
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(b, value);
        s.Write(b);
    }

    static void Padded(MemoryStream s, byte[] bytes)
    {
        s.Write(bytes);
        while (s.Length % 4 != 0) s.WriteByte(0);
    }
}
