using System.Buffers.Binary;
using System.Text;

namespace Bulkhead.Build;

/// <summary>A minimal ELF64 little-endian reader: header, sections, program headers, symbols.</summary>
public sealed class ElfFile
{
    public sealed record Section(string Name, uint Type, ulong Flags, ulong Address, ulong Offset, ulong Size)
    {
        public bool IsAllocated => (Flags & 0x2) != 0;
        public bool IsNoBits => Type == 8;
    }

    public sealed record Segment(uint Type, ulong VirtualAddress, ulong PhysicalAddress, ulong FileSize, ulong MemorySize);

    public ushort Type { get; }
    public ushort Machine { get; }
    public ulong Entry { get; }
    public IReadOnlyList<Section> Sections { get; }
    public IReadOnlyList<Segment> Segments { get; }
    public IReadOnlyDictionary<string, ulong> Symbols { get; }

    public const ushort MachineAarch64 = 183, MachineX86_64 = 62;
    public const uint SegmentLoad = 1;

    private ElfFile(ushort type, ushort machine, ulong entry, List<Section> sections, List<Segment> segments, Dictionary<string, ulong> symbols)
    {
        Type = type; Machine = machine; Entry = entry; Sections = sections; Segments = segments; Symbols = symbols;
    }

    public Section? FindSection(string name) => Sections.FirstOrDefault(s => s.Name == name);

    /// <summary>Bytes the loader places in memory from the file (sum of PT_LOAD file sizes).</summary>
    public ulong LoadedBytes => (ulong)Segments.Where(s => s.Type == SegmentLoad).Sum(s => (decimal)s.FileSize);

    public static ElfFile Read(string path) => Parse(File.ReadAllBytes(path), path);

    public static ElfFile Parse(byte[] data, string name = "image")
    {
        if (data.Length < 64 || data[0] != 0x7F || data[1] != 'E' || data[2] != 'L' || data[3] != 'F')
            throw new InvalidDataException($"{name}: not an ELF file");
        if (data[4] != 2 || data[5] != 1)
            throw new InvalidDataException($"{name}: not a 64-bit little-endian ELF file");
        ushort U16(int at) => BinaryPrimitives.ReadUInt16LittleEndian(data.AsSpan(at));
        uint U32(int at) => BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(at));
        ulong U64(int at) => BinaryPrimitives.ReadUInt64LittleEndian(data.AsSpan(at));

        ushort type = U16(16), machine = U16(18);
        ulong entry = U64(24), phoff = U64(32), shoff = U64(40);
        ushort phentsize = U16(54), phnum = U16(56), shentsize = U16(58), shnum = U16(60), shstrndx = U16(62);

        var segments = new List<Segment>();
        for (int i = 0; i < phnum; i++)
        {
            int at = checked((int)phoff + i * phentsize);
            segments.Add(new Segment(U32(at), U64(at + 16), U64(at + 24), U64(at + 32), U64(at + 40)));
        }

        var raw = new List<(uint name, uint type, ulong flags, ulong addr, ulong off, ulong size, uint link)>();
        for (int i = 0; i < shnum; i++)
        {
            int at = checked((int)shoff + i * shentsize);
            raw.Add((U32(at), U32(at + 4), U64(at + 8), U64(at + 16), U64(at + 24), U64(at + 32), U32(at + 40)));
        }
        string Str(ulong tableOffset, uint index)
        {
            int start = checked((int)(tableOffset + index)), end = start;
            while (end < data.Length && data[end] != 0) end++;
            return Encoding.ASCII.GetString(data, start, end - start);
        }
        ulong names = shnum > shstrndx ? raw[shstrndx].off : 0;
        var sections = raw.Select(r => new Section(Str(names, r.name), r.type, r.flags, r.addr, r.off, r.size)).ToList();

        var symbols = new Dictionary<string, ulong>();
        foreach (var sym in raw.Where(r => r.type == 2)) // SHT_SYMTAB
        {
            ulong strtab = raw[(int)sym.link].off;
            for (ulong at = sym.off; at + 24 <= sym.off + sym.size; at += 24)
            {
                string symName = Str(strtab, U32((int)at));
                if (symName.Length > 0) symbols.TryAdd(symName, U64((int)at + 8));
            }
        }
        return new ElfFile(type, machine, entry, sections, segments, symbols);
    }
}
