namespace Bulkhead.Config.Dtb;

/// <summary>
/// Queries over a parsed tree that need the whole tree: phandles, aliases, labels, translating
/// bus addresses to CPU physical addresses through 'ranges', and decoding GIC interrupts.
/// </summary>
public sealed class DeviceTree
{
    readonly Dictionary<uint, FdtNode> _byPhandle = new();
    readonly Dictionary<FdtNode, string> _labels = new();

    public DeviceTree(FdtReader.Tree tree)
    {
        Root = tree.Root;
        MemoryReservations = tree.MemoryReservations;
        foreach (var n in Root.Descendants())
        {
            uint? ph = n.U32("phandle") ?? n.U32("linux,phandle");
            if (ph is { } p && p != 0 && p != 0xFFFFFFFF) _byPhandle.TryAdd(p, n);
        }
        // __symbols__ (present when built with -@) maps labels to paths: use them as friendly names.
        if (Find("/__symbols__") is { } symbols)
            foreach (var (label, _) in symbols.Properties)
                if (symbols.String(label) is { } path && Find(path) is { } target && !_labels.ContainsKey(target))
                    _labels[target] = label;
    }

    public FdtNode Root { get; }
    public IReadOnlyList<(ulong Address, ulong Size)> MemoryReservations { get; }

    public FdtNode? Find(string path)
    {
        if (path == "/") return Root;
        if (!path.StartsWith('/')) return null;
        var node = Root;
        foreach (var part in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            node = node.Children.FirstOrDefault(c => c.Name == part) ?? node.Children.FirstOrDefault(c => c.BaseName == part && !part.Contains('@'));
            if (node is null) return null;
        }
        return node;
    }

    /// <summary>Resolves "serial0", "/soc/serial@..." or "serial0:115200n8".</summary>
    public FdtNode? Resolve(string reference)
    {
        string r = reference.Split(':')[0];
        if (r.StartsWith('/')) return Find(r);
        var alias = Find("/aliases")?.String(r);
        return alias is null ? null : Find(alias);
    }

    public FdtNode? ByPhandle(uint phandle) => _byPhandle.GetValueOrDefault(phandle);

    public string? Label(FdtNode node) => _labels.GetValueOrDefault(node);

    static uint AddressCells(FdtNode? bus) => bus?.U32("#address-cells") ?? 2;
    static uint SizeCells(FdtNode? bus) => bus?.U32("#size-cells") ?? 1;

    /// <summary>The node's reg entries as CPU physical ranges; entries that do not translate are left out.</summary>
    public List<(ulong Base, ulong Size)> Regs(FdtNode node)
    {
        var result = new List<(ulong, ulong)>();
        var bus = node.Parent;
        uint ac = AddressCells(bus), sc = SizeCells(bus);
        if (ac is 0 or > 2 || sc > 2) return result;
        var cells = node.Cells("reg");
        int stride = (int)(ac + sc);
        for (int i = 0; i + stride <= cells.Length; i += stride)
        {
            ulong addr = Combine(cells, i, (int)ac), size = Combine(cells, i + (int)ac, (int)sc);
            if (Translate(bus, addr) is { } cpu) result.Add((cpu, size));
        }
        return result;
    }

    /// <summary>Walks up from the bus holding an address, applying each bus's 'ranges'.</summary>
    public ulong? Translate(FdtNode? bus, ulong address)
    {
        for (int guard = 0; bus is not null && bus.Parent is not null; bus = bus.Parent)
        {
            if (++guard > 64) return null;
            var raw = bus.Prop("ranges");
            if (raw is null) return null;           // no ranges: child addresses are not CPU-visible
            if (raw.Length == 0) continue;          // empty ranges: identity
            uint childAc = AddressCells(bus), parentAc = AddressCells(bus.Parent), sc = SizeCells(bus);
            if (childAc is 0 or > 3 || parentAc is 0 or > 2 || sc > 2) return null;
            var cells = bus.Cells("ranges");
            int stride = (int)(childAc + parentAc + sc);
            bool mapped = false;
            for (int i = 0; i + stride <= cells.Length; i += stride)
            {
                // A 3-cell child address (PCI) carries flags in the first cell: compare the low two.
                int skip = childAc == 3 ? 1 : 0;
                ulong child = Combine(cells, i + skip, (int)childAc - skip);
                ulong parent = Combine(cells, i + (int)childAc, (int)parentAc);
                ulong size = Combine(cells, i + (int)childAc + (int)parentAc, (int)sc);
                if (address >= child && address - child < size)
                {
                    address = parent + (address - child);
                    mapped = true;
                    break;
                }
            }
            if (!mapped) return null;
        }
        return address;
    }

    public static ulong Combine(uint[] cells, int start, int count)
    {
        ulong v = 0;
        for (int i = 0; i < count; i++) v = (v << 32) | cells[start + i];
        return v;
    }

    public static readonly string[] GicCompatibles =
    {
        "arm,gic-v3", "arm,gic-400", "arm,cortex-a15-gic", "arm,cortex-a9-gic", "arm,cortex-a7-gic", "arm,gic-v2",
    };

    /// <summary>The node's interrupts that go straight to a GIC, as (type, number) pairs: type 0 = SPI, 1 = PPI.</summary>
    public List<(uint Type, uint Number)> GicInterrupts(FdtNode node)
    {
        var list = new List<(uint, uint)>();
        var extended = node.Cells("interrupts-extended");
        if (extended.Length > 0)
        {
            for (int i = 0; i < extended.Length;)
            {
                var parent = ByPhandle(extended[i]);
                uint n = parent?.U32("#interrupt-cells") ?? 0;
                if (parent is null || n == 0 || i + 1 + n > extended.Length) break;
                if (parent.IsCompatible(GicCompatibles) && n >= 2) list.Add((extended[i + 1], extended[i + 2]));
                i += 1 + (int)n;
            }
            return list;
        }
        var cells = node.Cells("interrupts");
        if (cells.Length == 0) return list;
        var controller = InterruptParent(node);
        if (controller is null || !controller.IsCompatible(GicCompatibles)) return list;
        uint count = controller.U32("#interrupt-cells") ?? 3;
        if (count < 2) return list;
        for (int i = 0; i + count <= cells.Length; i += (int)count) list.Add((cells[i], cells[i + 1]));
        return list;
    }

    public FdtNode? InterruptParent(FdtNode node)
    {
        for (var n = node; n is not null; n = n.Parent)
            if (n.U32("interrupt-parent") is { } ph) return ByPhandle(ph);
        return null;
    }

    /// <summary>GIC INTID of a decoded specifier: SPI n = 32 + n, PPI n = 16 + n; other types none.</summary>
    public static uint? IntId((uint Type, uint Number) irq) => irq.Type switch
    {
        0 when irq.Number <= 987 => 32 + irq.Number,
        1 when irq.Number < 16 => 16 + irq.Number,
        _ => null,
    };
}
