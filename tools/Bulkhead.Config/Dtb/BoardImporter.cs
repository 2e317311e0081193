using Bulkhead.Config.Boards;

namespace Bulkhead.Config.Dtb;

/// <summary>
/// Derives a board description from a real DTB: cores and how they start, RAM, firmware
/// reservations, the console UART (from /chosen/stdout-path), the interrupt controller and its
/// frames, timer PPIs and every enabled device with CPU-visible MMIO. Fields a DTB cannot tell
/// (where the hypervisor loads) get documented defaults, listed in Notes for a human to review.
/// </summary>
public sealed class BoardImporter
{
    public const ulong DefaultHypervisorSize = 4UL << 20;
    public List<string> Notes { get; } = new();

    /// <summary>Set when the console UART was found but Bulkhead has no driver for its kind: the imported
    /// board has no usable console and must not be written as if it had one.</summary>
    public string? UnsupportedConsole { get; private set; }

    /// <summary>What an import produced; UnsupportedConsole is set when the board has no usable console.</summary>
    public sealed record Result(Board Board, List<string> Notes, string? UnsupportedConsole)
    {
        public void Deconstruct(out Board board, out List<string> notes) => (board, notes) = (Board, Notes);
    }

    public static Result ImportFile(string path, string? id = null)
    {
        var blob = File.ReadAllBytes(path);
        var importer = new BoardImporter();
        var board = importer.Import(blob, id ?? DefaultId(path));
        board.Source = Path.GetFileName(path);
        return new Result(board, importer.Notes, importer.UnsupportedConsole);
    }

    public static string DefaultId(string path) => Path.GetFileNameWithoutExtension(path);

    public Board Import(byte[] blob, string id)
    {
        var dt = new DeviceTree(FdtReader.Parse(blob));
        var root = dt.Root;
        var board = new Board { Id = id, Name = root.String("model") ?? id, Arch = "arm64" };

        ImportCpus(dt, board);
        ImportMemory(dt, board);
        var gic = ImportInterruptController(dt, board);
        ImportTimer(dt, board);
        var console = ImportConsole(dt, board);
        ImportDevices(dt, board, gic);
        TrimRamBelowDevices(board);
        ImportHypervisorDefaults(board);
        uint maxSpi = board.Devices.SelectMany(d => d.Interrupts).DefaultIfEmpty(63u).Max();
        board.MaxIntId = Math.Min(1019u, (maxSpi + 32) / 32 * 32 - 1);
        if (board.HasGic) Notes.Add($"max_intid {board.MaxIntId} is estimated from the largest SPI in the DTB; use GICD_TYPER's value if you know it");
        if (console is not null && board.Devices.FirstOrDefault(d => d.Mmio.Any(m => m.Base <= board.ConsoleBase && board.ConsoleBase < m.Base + m.Size)) is { } con && con.Interrupts.Count > 0)
            board.ConsoleInterrupt = con.Interrupts[0];
        return board;
    }

    void ImportCpus(DeviceTree dt, Board board)
    {
        var cpus = dt.Find("/cpus");
        if (cpus is null) { Notes.Add("no /cpus node: add the cores by hand"); return; }
        uint ac = cpus.U32("#address-cells") ?? 1;
        string? defaultMethod = cpus.String("enable-method");
        int psci = 0, spin = 0;
        foreach (var cpu in cpus.Children.Where(c => c.String("device_type") == "cpu" && c.IsEnabled))
        {
            var reg = cpu.Cells("reg");
            if (reg.Length < ac || ac is 0 or > 2) continue;
            ulong mpidr = DeviceTree.Combine(reg, 0, (int)ac);
            string method = cpu.String("enable-method") ?? defaultMethod ?? "psci";
            ulong? release = null;
            if (method == "spin-table")
            {
                spin++;
                var r = cpu.Cells("cpu-release-addr");
                release = r.Length >= 2 ? DeviceTree.Combine(r, 0, 2) : r.Length == 1 ? r[0] : 0;
            }
            else psci++;
            board.Cores.Add(new BoardCore { Index = board.Cores.Count, Mpidr = mpidr, ReleaseAddress = release });
        }
        board.BootMethod = spin > psci ? BootMethod.SpinTable : BootMethod.Psci;
        if (spin > 0 && psci > 0) Notes.Add("cores use different enable methods; the majority was taken");
        board.PsciConduit = dt.Root.Children.FirstOrDefault(c => c.BaseName == "psci")?.String("method") ?? "smc";
        if (board.Cores.Count == 0) Notes.Add("no cpu nodes found: add the cores by hand");
    }

    void ImportMemory(DeviceTree dt, Board board)
    {
        foreach (var node in dt.Root.Children.Where(c => c.String("device_type") == "memory" && c.IsEnabled))
            foreach (var (b, s) in dt.Regs(node))
            {
                if (s == 0) { Notes.Add($"{node.Path}: RAM size is 0 in the DTB (the firmware fills it in at boot); write the real RAM banks by hand"); continue; }
                var bank = new AddressRange(b, s);
                if (bank.Wraps) { Notes.Add($"{node.Path}: RAM bank 0x{b:X} + 0x{s:X} wraps around: skipped"); continue; }
                board.Ram.Add(bank);
            }
        board.Ram.Sort((x, y) => x.Base.CompareTo(y.Base));
        for (int i = 1; i < board.Ram.Count; i++)
        {
            var (a, b) = (board.Ram[i - 1], board.Ram[i]);
            if (b.Base > a.End) continue;
            board.Ram[i - 1] = new AddressRange(a.Base, Math.Max(a.End, b.End) - a.Base);
            board.Ram.RemoveAt(i--);
            Notes.Add($"RAM banks {a} and {b} overlap or touch in the DTB: merged");
        }

        if (dt.Find("/reserved-memory") is { } reserved)
            foreach (var r in reserved.Children.Where(c => c.Has("no-map") && c.IsEnabled))
                foreach (var (b, s) in dt.Regs(r))
                    if (s != 0 && !new AddressRange(b, s).Wraps) board.ReservedMemory.Add(new NamedRange { Name = dt.Label(r) ?? r.Name, Range = new AddressRange(b, s) });
        foreach (var (a, s) in dt.MemoryReservations)
            if (s != 0 && !new AddressRange(a, s).Wraps) board.ReservedMemory.Add(new NamedRange { Name = $"memreserve-{a:x}", Range = new AddressRange(a, s) });
    }

    void ImportHypervisorDefaults(Board board)
    {
        if (board.Ram.Count == 0) return;
        ulong ramBase = board.Ram[0].Base;
        board.HypervisorReserved = new AddressRange(ramBase, Math.Min(DefaultHypervisorSize, board.Ram[0].Size));
        board.HypervisorLoadAddress = ramBase + 0x80000;
        Notes.Add($"hypervisor load address 0x{board.HypervisorLoadAddress:X} and reserved range {board.HypervisorReserved} are defaults (start of RAM); check them against the boot loader");
    }

    FdtNode? ImportInterruptController(DeviceTree dt, Board board)
    {
        var all = dt.Root.Descendants().ToList();
        var gic = all.FirstOrDefault(n => n.Has("interrupt-controller") && n.IsCompatible(DeviceTree.GicCompatibles) && n.IsEnabled);
        if (gic is null)
        {
            var local = all.FirstOrDefault(n => n.IsCompatible("brcm,bcm2836-l1-intc"));
            var armctrl = all.FirstOrDefault(n => n.IsCompatible("brcm,bcm2836-armctrl-ic"));
            if (local is not null)
            {
                board.InterruptController = InterruptControllerKind.Bcm2836;
                board.LocalController = dt.Regs(local).FirstOrDefault().Base;
                board.ArmCtrl = armctrl is null ? 0 : dt.Regs(armctrl).FirstOrDefault().Base;
            }
            else Notes.Add("no GIC found: fill in interrupt_controller by hand");
            return null;
        }
        var regs = dt.Regs(gic);
        if (gic.IsCompatible("arm,gic-v3"))
        {
            board.InterruptController = InterruptControllerKind.GicV3;
            board.GicDistributor = regs.ElementAtOrDefault(0).Base;
            board.GicRedistributors = regs.ElementAtOrDefault(1).Base;
            board.GicRedistributorStride = gic.Cells("redistributor-stride") is { Length: >= 2 } st ? DeviceTree.Combine(st, 0, 2) : 0x20000;
        }
        else
        {
            board.InterruptController = InterruptControllerKind.GicV2;
            board.GicDistributor = regs.ElementAtOrDefault(0).Base;
            board.GicCpuInterface = regs.ElementAtOrDefault(1).Base;
            board.GicHypInterface = regs.ElementAtOrDefault(2).Base;
            board.GicVirtualCpuInterface = regs.ElementAtOrDefault(3).Base;
            AdjustAliasedGic400(regs, board);
            if (regs.Count < 4) Notes.Add("the GICv2 node lacks the GICH/GICV frames: this board cannot virtualize interrupts as described");
        }
        var maintenance = dt.GicInterrupts(gic).Select(DeviceTree.IntId).FirstOrDefault(i => i is >= 16 and < 32);
        board.MaintenanceInterrupt = maintenance ?? 25;
        return gic;
    }

    /// <summary>Some GIC-400 integrations (ZynqMP) map each 4 KiB CPU-interface page 16 times, 64 KiB
    /// apart, and the DTB gives the frame as 0x20000 bytes. Only the last alias of page 0 is followed by
    /// page 1 (GICC_DIR at +0x1000), so GICC and GICV are used from base + 0xF000, as Linux and Xen do.</summary>
    public const ulong Gic400AliasedFrameSize = 0x20000, Gic400AliasOffset = 0xF000;

    void AdjustAliasedGic400(List<(ulong Base, ulong Size)> regs, Board board)
    {
        if (regs.ElementAtOrDefault(1).Size != Gic400AliasedFrameSize) return;
        board.GicCpuInterface += Gic400AliasOffset;
        string v = "";
        if (regs.ElementAtOrDefault(3).Size == Gic400AliasedFrameSize)
        {
            board.GicVirtualCpuInterface += Gic400AliasOffset;
            v = $" and virtual_cpu_interface 0x{board.GicVirtualCpuInterface:X}";
        }
        Notes.Add($"GIC-400 CPU interface frame is 0x{Gic400AliasedFrameSize:X} bytes (64 KiB-aliased 4 KiB pages): cpu_interface 0x{board.GicCpuInterface:X}{v} are the DTB bases + 0x{Gic400AliasOffset:X}, so GICC_DIR at +0x1000 is a real register");
    }

    void ImportTimer(DeviceTree dt, Board board)
    {
        var timer = dt.Root.Descendants().FirstOrDefault(n => n.IsCompatible("arm,armv8-timer", "arm,armv7-timer"));
        var ids = timer is null ? new List<uint?>() : dt.GicInterrupts(timer).Select(DeviceTree.IntId).ToList();
        // Binding order: secure physical, non-secure physical, virtual, hypervisor physical.
        board.TimerSecure = ids.ElementAtOrDefault(0) ?? 29;
        board.TimerPhysical = ids.ElementAtOrDefault(1) ?? 30;
        board.TimerVirtual = ids.ElementAtOrDefault(2) ?? 27;
        board.TimerHypervisor = ids.ElementAtOrDefault(3) ?? 26;
        if (ids.Count < 4) Notes.Add("timer interrupts not found in the DTB: the architectural defaults (26, 27, 29, 30) were used");
    }

    FdtNode? ImportConsole(DeviceTree dt, Board board)
    {
        var chosen = dt.Find("/chosen");
        var path = chosen?.String("stdout-path") ?? chosen?.String("linux,stdout-path");
        var node = path is null ? null : dt.Resolve(path);
        if (node is null)
        {
            node = dt.Root.Descendants().FirstOrDefault(n => n.IsEnabled && UartCompatibles.Classify(n.Strings("compatible")).Kind is not null && dt.Regs(n).Count > 0);
            Notes.Add(node is null ? "no console UART found: fill in console by hand" : $"no usable /chosen/stdout-path: took the first enabled UART {node.Path}");
        }
        if (node is null) return null;
        var (kind, matched) = UartCompatibles.Classify(node.Strings("compatible"));
        board.ConsoleBase = dt.Regs(node).FirstOrDefault().Base;
        if (kind is null)
        {
            string compatible = matched ?? node.Strings("compatible").FirstOrDefault() ?? "(none)";
            UnsupportedConsole = $"console UART {node.Path} (compatible \"{compatible}\"{(matched is null ? "" : ", " + UartCompatibles.Describe(matched))}) has no Bulkhead console driver; "
                + $"supported console types: {string.Join(", ", BoardLoader.Uarts.Keys)}";
            Notes.Add(UnsupportedConsole);
            return node;
        }
        board.ConsoleType = kind.Value;
        if (kind == UartKind.Ns16550)
        {
            // 8250 register stride and access width (TI K3 and DesignWare UARTs: 4-byte stride, 32-bit accesses).
            var implied = UartCompatibles.Implied8250Layout(matched!);
            board.ConsoleRegShift = node.U32("reg-shift") ?? implied.RegShift;
            board.ConsoleRegIoWidth = node.U32("reg-io-width") ?? implied.RegIoWidth;
            if (!node.Has("reg-shift") && implied.RegShift != 0)
                Notes.Add($"console {node.Path} (\"{matched}\"): reg_shift {implied.RegShift} and reg_io_width {implied.RegIoWidth} are implied by its binding (the DTB has no reg-shift)");
            if (board.ConsoleRegShift > 3 || board.ConsoleRegIoWidth is not (1 or 4))
                Notes.Add($"console {node.Path}: reg-shift {board.ConsoleRegShift} / reg-io-width {board.ConsoleRegIoWidth} are outside what the 16550 driver supports (0-3, 1 or 4)");
        }
        return node;
    }

    static readonly HashSet<string> SkippedTopLevel = new(StringComparer.Ordinal)
    {
        "cpus", "memory", "reserved-memory", "chosen", "aliases", "__symbols__", "__fixups__", "__local_fixups__", "psci", "timer", "firmware", "thermal-zones", "pmu",
    };

    // Interrupt-controller parts the hypervisor drives itself; never handed to a domain.
    static readonly string[] HypervisorOwned = { "brcm,bcm2836-l1-intc", "brcm,bcm2836-armctrl-ic", "arm,gic-v3-its", "arm,gic-v2m-frame" };

    /// <summary>Firmware often describes more RAM than is usable (e.g. Raspberry Pi 3 says 1 GiB, but
    /// peripherals start at 0x3F000000): cut each bank below the first device inside it.</summary>
    void TrimRamBelowDevices(Board board)
    {
        for (int i = 0; i < board.Ram.Count; i++)
        {
            var bank = board.Ram[i];
            var inside = board.Devices.SelectMany(d => d.Mmio.Select(m => (d, m))).Where(x => bank.Contains(x.m.Base) && x.m.Base > bank.Base).OrderBy(x => x.m.Base).FirstOrDefault();
            if (inside.d is null) continue;
            board.Ram[i] = new AddressRange(bank.Base, ((inside.m.Base & ~0xFFFUL) - bank.Base));
            Notes.Add($"RAM bank {bank} overlaps device '{inside.d.Name}' at 0x{inside.m.Base:X}: trimmed to {board.Ram[i]}");
        }
    }

    void ImportDevices(DeviceTree dt, Board board, FdtNode? gic)
    {
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var top in dt.Root.Children)
        {
            if (SkippedTopLevel.Contains(top.BaseName) || top.String("device_type") == "memory") continue;
            Visit(top);
        }

        void Visit(FdtNode node)
        {
            if (!node.IsEnabled) return;
            if (node != gic && node.Has("compatible") && !node.IsCompatible("simple-bus", "simple-pm-bus", "arm,armv8-timer"))
            {
                var mmio = dt.Regs(node).Where(r => r.Size != 0).Select(r => new AddressRange(r.Base, r.Size)).Where(r => !r.Wraps).ToList();
                if (mmio.Count > 0 && !node.IsCompatible(HypervisorOwned))
                {
                    var irqs = dt.GicInterrupts(node).Where(i => i.Type == 0).Select(DeviceTree.IntId).OfType<uint>().Distinct().ToList();
                    board.Devices.Add(new BoardDevice
                    {
                        Name = UniqueName(dt, node, used), Compatible = node.Strings("compatible")[0], Mmio = mmio, Interrupts = irqs,
                        Dma = DmaMasters.Reason(node) is null ? null : new DeviceDma { BehindIommu = false },
                    });
                }
            }
            foreach (var child in node.Children) Visit(child);
        }
    }

    static string UniqueName(DeviceTree dt, FdtNode node, HashSet<string> used)
    {
        string name = dt.Label(node) ?? (node.UnitAddress is { } ua ? $"{node.BaseName}-{ua}" : node.BaseName);
        name = new string(name.Select(ch => char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_' or '.' ? ch : '-').ToArray());
        string unique = name;
        for (int i = 2; !used.Add(unique); i++) unique = $"{name}-{i}";
        return unique;
    }
}
