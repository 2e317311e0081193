using Bulkhead.Config.Diagnostics;
using Bulkhead.Config.Yaml;

namespace Bulkhead.Config.Boards;

/// <summary>Reads and validates a board file. Every problem is reported located in the board file.</summary>
public static class BoardLoader
{
    static readonly Dictionary<string, BootMethod> BootMethods = new()
    {
        ["psci"] = BootMethod.Psci, ["spin-table"] = BootMethod.SpinTable, ["init-sipi"] = BootMethod.InitSipi,
    };
    static readonly Dictionary<string, InterruptControllerKind> Controllers = new()
    {
        ["gicv2"] = InterruptControllerKind.GicV2, ["gicv3"] = InterruptControllerKind.GicV3, ["bcm2836"] = InterruptControllerKind.Bcm2836,
        ["apic"] = InterruptControllerKind.Apic,
    };
    public static readonly Dictionary<string, UartKind> Uarts = new()
    {
        ["pl011"] = UartKind.Pl011, ["ns16550"] = UartKind.Ns16550, ["mini-uart"] = UartKind.MiniUart,
        ["lpuart"] = UartKind.Lpuart, ["cadence"] = UartKind.Cadence, ["imx-uart"] = UartKind.ImxUart,
    };
    static readonly Dictionary<string, string> Arches = new() { ["arm64"] = "arm64", ["x86_64"] = "x86_64" };
    static readonly Dictionary<string, string> Conduits = new() { ["smc"] = "smc", ["hvc"] = "hvc" };

    public static Board? Load(string file, string displayName, DiagnosticBag bag)
    {
        var root = YamlLoader.LoadMapping(file, displayName, bag, "board");
        return root is null ? null : Read(new MapReader(displayName, "", root, bag), file);
    }

    public static Board? Read(MapReader r, string file)
    {
        var b = new Board { File = file };
        string f = r.File;
        b.Id = r.String("id", required: true, hint: "Add 'id: <board-id>' (the file name without .yaml)")?.Value ?? "";
        b.Name = r.String("name")?.Value ?? b.Id;
        b.Arch = r.Enum("arch", Arches)?.Value ?? "arm64";
        b.Source = r.String("source")?.Value;

        ReadCpus(r, b);

        foreach (var item in r.List("ram", required: true, hint: "List the RAM banks: 'ram: [{ base: 0x40000000, size: 1G }]'"))
            if (ReadRange(item, f, r.Bag) is { } range) b.Ram.Add(range.Value);
        foreach (var item in r.List("reserved_memory"))
        {
            var m = Scalars.Map(item.Node, f, item.Path, r.Bag);
            if (m is null) continue;
            string name = m.String("name")?.Value ?? $"reserved{item.Index}";
            m.Finish("base", "size");
            if (ReadRange(item, f, r.Bag, "name") is { } range) b.ReservedMemory.Add(new NamedRange { Name = name, Range = range.Value });
        }

        var hv = r.Map("hypervisor", required: true, hint: "Add 'hypervisor: { load_address: ..., reserved: { base: ..., size: ... } }'");
        Loc<ulong>? load = null;
        Loc<AddressRange>? reserved = null;
        if (hv is not null)
        {
            load = hv.Number("load_address", required: true);
            var res = hv.Raw("reserved");
            if (res is null) hv.Number("reserved", required: true);
            else reserved = ReadRange(new Item(res, hv.Sub("reserved"), Span.Of(f, res), 0), f, r.Bag);
            hv.Finish();
            b.HypervisorLoadAddress = load?.Value ?? 0;
            b.HypervisorReserved = reserved?.Value ?? default;
        }

        var con = r.Map("console", required: true, hint: "Add 'console: { type: pl011, base: 0x09000000 }'");
        if (con is not null)
        {
            b.ConsoleType = con.Enum("type", Uarts, required: true)?.Value ?? UartKind.Pl011;
            b.ConsoleBase = con.Number("base", required: true)?.Value ?? 0;
            b.ConsoleInterrupt = con.UInt("interrupt")?.Value;
            var shift = con.UInt("reg_shift");
            var width = con.UInt("reg_io_width");
            if (shift is { Value: > 3 })
                r.Bag.Error(Codes.BadValue, shift.At, shift.Path, $"reg_shift {shift.Value} is not 0-3", "Use the device tree's reg-shift: 0 for byte-spaced registers, 2 for 4-byte stride");
            if (width is { Value: not (1 or 4) })
                r.Bag.Error(Codes.BadValue, width.At, width.Path, $"reg_io_width {width.Value} is not 1 or 4", "Use the device tree's reg-io-width: 1 (byte accesses) or 4 (32-bit accesses)");
            if ((shift is not null || width is not null) && b.ConsoleType != UartKind.Ns16550)
                r.Bag.Error(Codes.BadValue, (shift ?? width)!.At, (shift ?? width)!.Path, "reg_shift and reg_io_width describe 8250/16550 UARTs only", "Remove them, or use 'type: ns16550'");
            b.ConsoleRegShift = shift?.Value ?? 0;
            b.ConsoleRegIoWidth = width?.Value ?? 1;
            con.Finish();
        }

        ReadInterruptController(r, b);

        var timer = r.Map("timer");
        if (timer is not null)
        {
            b.TimerVirtual = timer.UInt("virtual")?.Value ?? 27;
            b.TimerPhysical = timer.UInt("physical")?.Value ?? 30;
            b.TimerHypervisor = timer.UInt("hypervisor")?.Value ?? 26;
            b.TimerSecure = timer.UInt("secure")?.Value ?? 29;
            timer.Finish();
        }
        else if (!b.IsX86) { b.TimerVirtual = 27; b.TimerPhysical = 30; b.TimerHypervisor = 26; b.TimerSecure = 29; }

        var seen = new Dictionary<string, SourceSpan>(StringComparer.Ordinal);
        foreach (var item in r.List("devices"))
        {
            var m = Scalars.Map(item.Node, f, item.Path, r.Bag);
            if (m is null) continue;
            var name = m.String("name", required: true);
            var compatible = m.String("compatible");
            var dev = new BoardDevice { Name = name?.Value ?? "", Compatible = compatible?.Value ?? "", At = item.At };
            foreach (var mm in m.List("mmio"))
                if (ReadRange(mm, f, r.Bag) is { } range) dev.Mmio.Add(range.Value);
            foreach (var irq in m.List("interrupts"))
                if (Scalars.UInt(irq.Node, f, irq.Path, r.Bag) is { } v) dev.Interrupts.Add(v.Value);
            if (m.Map("dma") is { } dma) dev = WithDma(dev, dma, r);
            m.Finish();
            if (name is null) continue;
            if (seen.TryGetValue(name.Value, out var first))
                r.Bag.Error(Codes.DuplicateName, name.At, name.Path, $"device name '{name.Value}' is already used at line {first.Line}", "Give every device a unique name");
            else seen[name.Value] = name.At;
            b.Devices.Add(dev);
        }

        if (r.Map("iommu") is { } iommu) b.Iommu = ReadIommu(iommu, r);
        if (r.Map("llc") is { } llc) b.Llc = ReadLlc(llc, r);
        r.Finish();
        Validate(r, b, load, reserved);
        return b;
    }

    static readonly Dictionary<string, bool> YesNo = new() { ["true"] = true, ["false"] = false };
    static readonly Dictionary<string, IommuKind> IommuKinds = new() { ["smmuv3"] = IommuKind.SmmuV3 };

    // iommu: { type: smmuv3, base: ..., size: ..., event_interrupt: N }
    static BoardIommu ReadIommu(MapReader m, MapReader r)
    {
        var kind = m.Enum("type", IommuKinds, required: true);
        var bas = m.Number("base", required: true);
        var size = m.Number("size", required: true);
        var evt = m.UInt("event_interrupt");
        m.Finish();
        if (evt is { } e && (e.Value < 32 || e.Value > 1019))
            r.Bag.Error(Codes.BadValue, e.At, e.Path, $"event_interrupt {e.Value} is not an SPI (32-1019)", "Use the INTID of the IOMMU's event queue interrupt (device tree: interrupt-names \"eventq\", SPI n = INTID n + 32)");
        return new BoardIommu { Kind = kind?.Value ?? IommuKind.SmmuV3, Registers = new AddressRange(bas?.Value ?? 0, size?.Value ?? 0), EventInterrupt = evt?.Value ?? 0, At = m.SpanOf("type") };
    }

    // llc: { size: 1M, ways: 16, line_size: 64, shared: true }   (docs/cache-coloring.md)
    static BoardLlc? ReadLlc(MapReader m, MapReader r)
    {
        var size = m.Number("size", required: true, hint: "Give the last-level cache's size from the SoC's technical reference manual, e.g. 'size: 1M'");
        var ways = m.UInt("ways", required: true, hint: "Give the cache's associativity, e.g. 'ways: 16'");
        var line = m.UInt("line_size", required: true, hint: "Give the cache line size in bytes, e.g. 'line_size: 64'");
        var shared = m.Enum("shared", YesNo, required: true, hint: "Say whether every core shares this cache: 'shared: true' or 'shared: false'");
        var at = m.SpanOf("size");
        m.Finish();
        if (size is null || ways is null || line is null || shared is null) return null;
        bool bad = false;
        if (ways.Value == 0 || ways.Value > 64)
        {
            r.Bag.Error(Codes.BadValue, ways.At, ways.Path, $"ways {ways.Value} is not 1-64", "Give the cache's associativity from the TRM (e.g. 16 for a 16-way set-associative L2)");
            bad = true;
        }
        if (line.Value is not (16 or 32 or 64 or 128 or 256))
        {
            r.Bag.Error(Codes.BadValue, line.At, line.Path, $"line_size {line.Value} is not 16, 32, 64, 128 or 256 bytes", "Give the cache line size in bytes (64 on every Cortex-A core)");
            bad = true;
        }
        ulong waySize = (ulong)Math.Max(ways.Value, 1) * BoardLlc.PageSize;
        if (size.Value == 0 || size.Value % waySize != 0)
        {
            r.Bag.Error(Codes.BadValue, size.At, size.Path, $"size 0x{size.Value:X} is not a non-zero multiple of {ways.Value} ways * 4 KiB",
                "Give the cache size in bytes (e.g. 1M); one way must be a whole number of 4 KiB pages for page colouring");
            bad = true;
        }
        if (bad) return null;
        return new BoardLlc { Size = size.Value, Ways = ways.Value, LineSize = line.Value, Shared = shared.Value, At = at };
    }

    // dma: { iommu: true, stream_ids: { first: 0x0, count: 256 } }   (iommu: false = DMA-capable, not behind it)
    static BoardDevice WithDma(BoardDevice dev, MapReader m, MapReader r)
    {
        var behind = m.Enum("iommu", YesNo, required: true, hint: "Say whether the board's IOMMU translates this device's DMA: 'iommu: true' or 'iommu: false'");
        uint first = 0, count = 0;
        if (m.Map("stream_ids") is { } ids)
        {
            first = ids.UInt("first", required: true)?.Value ?? 0;
            var c = ids.UInt("count", required: true);
            count = c?.Value ?? 0;
            ids.Finish();
            if (c is not null && (count == 0 || (ulong)first + count > 0x10000))
                r.Bag.Error(Codes.BadValue, c.At, c.Path, $"stream IDs {first}..{(ulong)first + count - 1} are not 1 to 65536 IDs below 0x10000", "Give the first stream ID and how many (PCI: requester IDs, bus<<8|device<<3|function)");
        }
        else if (behind?.Value == true)
            r.Bag.Error(Codes.MissingField, m.SpanOf("iommu"), m.Sub("stream_ids"), "a device behind the IOMMU needs its stream IDs", "Add 'stream_ids: { first: 0x0, count: 256 }' (PCI: the requester IDs of the functions behind the host bridge)");
        var at = m.SpanOf("iommu");
        m.Finish();
        return new BoardDevice { Name = dev.Name, Compatible = dev.Compatible, Mmio = dev.Mmio, Interrupts = dev.Interrupts, At = dev.At,
            Dma = new DeviceDma { BehindIommu = behind?.Value ?? false, FirstStreamId = first, StreamCount = count, At = at } };
    }

    static void ReadCpus(MapReader r, Board b)
    {
        var cpus = r.Map("cpus", required: true, hint: "Add 'cpus: { enable_method: psci, cores: [{ mpidr: 0x0 }] }'");
        if (cpus is null) return;
        b.BootMethod = cpus.Enum("enable_method", BootMethods)?.Value ?? (b.IsX86 ? BootMethod.InitSipi : BootMethod.Psci);
        // The hardware core id: MPIDR on arm64, local APIC id on x86-64.
        string idField = b.IsX86 ? "apic_id" : "mpidr", idName = b.IsX86 ? "APIC id" : "MPIDR";
        b.PsciConduit = cpus.Enum("psci_conduit", Conduits)?.Value ?? "smc";
        var mpidrs = new Dictionary<ulong, int>();
        foreach (var item in cpus.List("cores", required: true))
        {
            var m = Scalars.Map(item.Node, r.File, item.Path, r.Bag);
            if (m is null) continue;
            var mpidr = m.Number(idField, required: true);
            var release = m.Number("release_address");
            m.Finish();
            if (mpidr is null) continue;
            if (b.BootMethod == BootMethod.SpinTable && release is null)
                r.Bag.Error(Codes.MissingField, item.At, item.Path + ".release_address", "a spin-table core needs its release address",
                    "Add 'release_address:' (the cpu-release-addr of this core in the device tree)");
            if (mpidrs.TryGetValue(mpidr.Value, out int other))
                r.Bag.Error(Codes.BoardDuplicateMpidr, mpidr.At, mpidr.Path, $"{idName} 0x{mpidr.Value:X} is already used by core {other}", $"Give every core its own {idName}");
            else mpidrs[mpidr.Value] = b.Cores.Count;
            b.Cores.Add(new BoardCore { Index = b.Cores.Count, Mpidr = mpidr.Value, ReleaseAddress = release?.Value });
        }
        if (cpus.UInt("count") is { } count && count.Value != b.Cores.Count)
            r.Bag.Error(Codes.BadValue, count.At, count.Path, $"count is {count.Value} but {b.Cores.Count} cores are listed", "Remove 'count' (the list defines the cores) or make it match");
        cpus.Finish();
    }

    static void ReadInterruptController(MapReader r, Board b)
    {
        var ic = r.Map("interrupt_controller", required: true, hint: "Add 'interrupt_controller: { type: gicv3, distributor: ..., redistributors: ... }'");
        if (ic is null) return;
        var kind = ic.Enum("type", Controllers, required: true);
        b.InterruptController = kind?.Value ?? InterruptControllerKind.GicV3;
        bool v2 = b.InterruptController == InterruptControllerKind.GicV2, v3 = b.InterruptController == InterruptControllerKind.GicV3;
        b.GicDistributor = ic.Number("distributor", required: v2 || v3)?.Value ?? 0;
        b.GicCpuInterface = ic.Number("cpu_interface", required: v2)?.Value ?? 0;
        b.GicHypInterface = ic.Number("hyp_interface", required: v2, hint: "GICv2 virtualization needs the GICH frame: add 'hyp_interface:'")?.Value ?? 0;
        b.GicVirtualCpuInterface = ic.Number("virtual_cpu_interface", required: v2, hint: "GICv2 virtualization needs the GICV frame: add 'virtual_cpu_interface:'")?.Value ?? 0;
        b.GicRedistributors = ic.Number("redistributors", required: v3)?.Value ?? 0;
        b.GicRedistributorStride = ic.Number("redistributor_stride")?.Value ?? (v3 ? 0x20000UL : 0);
        bool apic = b.InterruptController == InterruptControllerKind.Apic;
        b.MaintenanceInterrupt = ic.UInt("maintenance_interrupt")?.Value ?? (v2 || v3 ? 25u : 0u);
        b.MaxIntId = ic.UInt("max_intid")?.Value ?? (apic ? 23u : 1019u);
        b.LocalApic = ic.Number("local_apic", required: apic)?.Value ?? 0;
        b.IoApic = ic.Number("io_apic", required: apic)?.Value ?? 0;
        b.LocalController = ic.Number("local_controller", required: b.InterruptController == InterruptControllerKind.Bcm2836)?.Value ?? 0;
        b.ArmCtrl = ic.Number("armctrl")?.Value ?? 0;
        ic.Finish();
    }

    static Loc<AddressRange>? ReadRange(Item item, string file, DiagnosticBag bag, params string[] alsoKnown)
    {
        var m = Scalars.Map(item.Node, file, item.Path, bag);
        if (m is null) return null;
        var bas = m.Number("base", required: true);
        var size = m.Number("size", required: true);
        m.Finish(alsoKnown);
        if (bas is null || size is null) return null;
        var range = new AddressRange(bas.Value, size.Value);
        if (range.Wraps)
        {
            bag.Error(Codes.BadValue, item.At, item.Path, "base + size is beyond the 64-bit address space", "Check base and size");
            return null;
        }
        return new Loc<AddressRange>(range, item.At, item.Path);
    }

    static void Validate(MapReader r, Board b, Loc<ulong>? load, Loc<AddressRange>? reserved)
    {
        if (b.Ram.Count == 0 && r.Raw("ram") is not null)
        {
            r.Bag.Error(Codes.MissingField, r.SpanOf("ram"), "ram", "the board has no RAM banks",
                "Add the RAM banks; many DTBs leave them to the boot loader, so read them from the running board (/proc/device-tree/memory*) or its manual");
            return;
        }
        if (reserved is not null && reserved.Value.Size == 0)
        {
            r.Bag.Error(Codes.ZeroSize, reserved.At, reserved.Path, "the hypervisor's reserved range is empty", "Reserve RAM for the hypervisor image, e.g. 'reserved: { base: <start of RAM>, size: 4M }'");
            return;
        }
        for (int i = 0; i < b.Ram.Count; i++)
            for (int j = i + 1; j < b.Ram.Count; j++)
                if (b.Ram[i].Overlaps(b.Ram[j]))
                    r.Bag.Error(Codes.BoardRamOverlap, r.SpanOf("ram"), $"ram[{j}]", $"RAM bank {b.Ram[j]} overlaps bank {b.Ram[i]}", "Merge or correct the RAM banks");
        if (reserved is not null && b.Ram.Count > 0 && !b.Ram.Any(x => x.Contains(reserved.Value)))
            r.Bag.Error(Codes.BoardHypervisorOutsideRam, reserved.At, reserved.Path, $"the hypervisor range {reserved.Value} is not inside one RAM bank",
                "Place hypervisor.reserved inside a bank listed under 'ram'");
        if (load is not null && reserved is not null && !reserved.Value.Contains(load.Value))
            r.Bag.Error(Codes.BoardLoadOutsideReserved, load.At, load.Path, $"load address 0x{load.Value:X} is outside the hypervisor range {reserved.Value}",
                "Move load_address inside hypervisor.reserved");
        if (load is not null) BootPlacement.Check(b, load, r.Bag); // the arm64 Image header's placement (booti)
        ValidateDma(r, b);
    }

    // BH094: every device the IOMMU translates needs the IOMMU, and a stream ID names one device
    // (the stream table entry has one owner).
    static void ValidateDma(MapReader r, Board b)
    {
        var streamOwner = new Dictionary<uint, BoardDevice>();
        foreach (var dev in b.Devices.Where(d => d.Dma is { BehindIommu: true }))
        {
            var dma = dev.Dma!;
            if (b.Iommu is null)
            {
                r.Bag.Error(Codes.DmaStreamConflict, dma.At, $"devices[{b.Devices.IndexOf(dev)}].dma.iommu", $"device '{dev.Name}' is said to be behind the IOMMU, but the board describes none",
                    "Describe the IOMMU under 'iommu:' (type, base, size), or write 'iommu: false'");
                continue;
            }
            foreach (uint id in dma.StreamIds)
            {
                if (streamOwner.TryGetValue(id, out var other))
                {
                    r.Bag.Error(Codes.DmaStreamConflict, dma.At, $"devices[{b.Devices.IndexOf(dev)}].dma.stream_ids", $"stream ID 0x{id:X} of device '{dev.Name}' is already device '{other.Name}''s",
                        "Give every device its own stream IDs (the IOMMU translates a stream for one owner)");
                    break;
                }
                streamOwner[id] = dev;
            }
        }
    }
}
