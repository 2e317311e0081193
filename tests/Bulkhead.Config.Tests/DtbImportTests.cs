using Bulkhead.Config.Boards;
using Bulkhead.Config.Diagnostics;
using Bulkhead.Config.Dtb;

namespace Bulkhead.Config.Tests;

/// <summary>
/// The shipped board files must agree with what the importer derives from the real DTBs
/// (Debian's arm64 kernel package; QEMU's generated DTBs are committed as fixtures), and the
/// importer must survive every DTB in the package.
/// </summary>
public class DtbImportTests
{
    public static TheoryData<string, string> ShippedBoards() => new()
    {
        { "rpi3b", "broadcom/bcm2837-rpi-3-b.dtb" },
        { "rpi3bplus", "broadcom/bcm2837-rpi-3-b-plus.dtb" },
        { "rpi4b", "broadcom/bcm2711-rpi-4-b.dtb" },
        { "rpi5", "broadcom/bcm2712-rpi-5-b.dtb" },
        { "ti-j721e", "ti/k3-j721e-evm.dtb" },
        { "j7200", "ti/k3-j7200-evm.dtb" },
        { "imx8qm-mek", "freescale/imx8qm-mek.dtb" },
        { "imx8mp-evk", "freescale/imx8mp-evk.dtb" },
        { "zcu102", "xilinx/zynqmp-zcu102-rev1.0.dtb" },
        { "zcu104", "xilinx/zynqmp-zcu104-revC.dtb" },
        { "qemu-virt-gicv3", "fixture:qemu-virt-gicv3.dtb" },
        { "qemu-virt-gicv2", "fixture:qemu-virt-gicv2.dtb" },
    };

    /// <summary>Boards whose RAM is what the firmware reports at boot, not the DTB's placeholder; each
    /// board file's header says which banks and why.</summary>
    static readonly HashSet<string> RamFromFirmware = new() { "rpi3b", "rpi3bplus", "imx8qm-mek" };

    static string DtbPath(string dtb) => dtb.StartsWith("fixture:", StringComparison.Ordinal)
        ? TestPaths.Fixture("dtb", dtb["fixture:".Length..])
        : Path.Combine(TestPaths.RequireLinuxDtbs(), dtb);

    internal static Board LoadShipped(string id)
    {
        var bag = new DiagnosticBag();
        var board = BoardLoader.Load(TestPaths.Board(id), id, bag);
        Assert.Empty(bag.Items.Select(d => d.ToString()));
        return board!;
    }

    [Theory]
    [MemberData(nameof(ShippedBoards))]
    public void Shipped_board_agrees_with_its_dtb(string id, string dtb)
    {
        var shipped = LoadShipped(id);
        var (imported, notes) = BoardImporter.ImportFile(DtbPath(dtb), id);

        Assert.Equal(imported.Cores.Select(c => (c.Mpidr, c.ReleaseAddress)), shipped.Cores.Select(c => (c.Mpidr, c.ReleaseAddress)));
        Assert.Equal(imported.BootMethod, shipped.BootMethod);
        if (RamFromFirmware.Contains(id)) Assert.Contains("firmware", File.ReadAllText(TestPaths.Board(id)), StringComparison.Ordinal);
        else if (imported.Ram.Count > 0) Assert.Equal(imported.Ram, shipped.Ram);
        else Assert.Contains(notes, n => n.Contains("RAM size is 0", StringComparison.Ordinal));   // firmware fills it in; the board file says what
        // Every carve-out of the DTB is kept; a board file may add more (firmware the DTB does not list).
        Assert.Empty(imported.ReservedMemory.Select(r => r.Range).Except(shipped.ReservedMemory.Select(r => r.Range)));
        Assert.Null(BoardImporter.ImportFile(DtbPath(dtb), id).UnsupportedConsole);
        Assert.Equal(imported.ConsoleType, shipped.ConsoleType);
        Assert.Equal(imported.ConsoleBase, shipped.ConsoleBase);
        Assert.Equal((imported.ConsoleRegShift, imported.ConsoleRegIoWidth), (shipped.ConsoleRegShift, shipped.ConsoleRegIoWidth));
        Assert.Equal(imported.ConsoleInterrupt, shipped.ConsoleInterrupt);
        Assert.Equal(imported.InterruptController, shipped.InterruptController);
        Assert.Equal(imported.GicDistributor, shipped.GicDistributor);
        Assert.Equal(imported.GicCpuInterface, shipped.GicCpuInterface);
        Assert.Equal(imported.GicHypInterface, shipped.GicHypInterface);
        Assert.Equal(imported.GicVirtualCpuInterface, shipped.GicVirtualCpuInterface);
        Assert.Equal(imported.GicRedistributors, shipped.GicRedistributors);
        Assert.Equal((imported.TimerVirtual, imported.TimerPhysical, imported.TimerHypervisor), (shipped.TimerVirtual, shipped.TimerPhysical, shipped.TimerHypervisor));
        Assert.Equal(imported.Devices.Count, shipped.Devices.Count);
        // Every device the tree shows can master DMA is marked in the board file (BH092 then guards its owner).
        Assert.Empty(imported.Devices.Where(d => d.Dma is not null).Select(d => d.Name).Except(shipped.Devices.Where(d => d.Dma is not null).Select(d => d.Name)));
        // A PCI host bridge's memory window comes from its 'ranges' (the importer reads 'reg' only);
        // the shipped board adds it to the bridge so the owner can map its functions' BARs.
        Assert.Equal(imported.Devices.SelectMany(d => d.Mmio), shipped.Devices.SelectMany(d => d.Compatible == "pci-host-ecam-generic" ? d.Mmio.Take(1) : d.Mmio));
    }

    [Fact]
    public void Raspberry_pi_3_dtb_gives_the_qemu_raspi3b_cores_and_interrupt_controller()
    {
        var shipped = LoadShipped("qemu-raspi3b");
        var (imported, _) = BoardImporter.ImportFile(Path.Combine(TestPaths.RequireLinuxDtbs(), "broadcom/bcm2837-rpi-3-b.dtb"));
        Assert.Equal(new ulong?[] { 0xd8, 0xe0, 0xe8, 0xf0 }, imported.Cores.Select(c => c.ReleaseAddress));
        Assert.Equal(imported.Cores.Select(c => c.ReleaseAddress), shipped.Cores.Select(c => c.ReleaseAddress));
        Assert.Equal(InterruptControllerKind.Bcm2836, imported.InterruptController);
        Assert.Equal((0x40000000UL, 0x3F00B200UL), (imported.LocalController, imported.ArmCtrl));
        Assert.Equal((imported.LocalController, imported.ArmCtrl), (shipped.LocalController, shipped.ArmCtrl));
        Assert.Contains(shipped.Devices, d => d.Name == "uart0" && d.Mmio[0].Base == 0x3F201000);
    }

    [Fact]
    public void Qemu_virt_facts_are_right()
    {
        var v3 = LoadShipped("qemu-virt-gicv3");
        Assert.Equal((0x08000000UL, 0x080A0000UL, 0x20000UL), (v3.GicDistributor, v3.GicRedistributors, v3.GicRedistributorStride));
        Assert.Equal((UartKind.Pl011, 0x09000000UL, (uint?)33), (v3.ConsoleType, v3.ConsoleBase, v3.ConsoleInterrupt));
        Assert.Equal(new AddressRange(0x40000000, 1UL << 30), Assert.Single(v3.Ram));
        Assert.Equal(32, v3.Devices.Count(d => d.Compatible == "virtio,mmio"));
        Assert.Equal(0x0A000000UL + 0x200 * 31, v3.FindDevice("virtio31")!.Mmio[0].Base);
        Assert.Equal(48u + 31, v3.FindDevice("virtio31")!.Interrupts[0]);
        var v2 = LoadShipped("qemu-virt-gicv2");
        Assert.Equal((0x08000000UL, 0x08010000UL, 0x08030000UL, 0x08040000UL), (v2.GicDistributor, v2.GicCpuInterface, v2.GicHypInterface, v2.GicVirtualCpuInterface));
        Assert.Equal(25u, v2.MaintenanceInterrupt);
        Assert.Equal((27u, 30u, 26u), (v2.TimerVirtual, v2.TimerPhysical, v2.TimerHypervisor));
    }

    [Fact]
    public void Imported_board_written_as_yaml_loads_back_identically()
    {
        var (imported, notes) = BoardImporter.ImportFile(Path.Combine(TestPaths.RequireLinuxDtbs(), "ti/k3-j721e-evm.dtb"), "j7");
        var text = BoardWriter.Write(imported, notes);
        var bag = new DiagnosticBag();
        var root = Yaml.YamlLoader.ParseMapping(text, "j7.yaml", bag, "board");
        var loaded = BoardLoader.Read(new Yaml.MapReader("j7.yaml", "", root!, bag), "j7.yaml")!;
        Assert.Empty(bag.Items.Select(d => d.ToString()));
        Assert.Equal(imported.Devices.Select(d => (d.Name, d.Compatible, string.Join(",", d.Mmio), string.Join(",", d.Interrupts))),
                     loaded.Devices.Select(d => (d.Name, d.Compatible, string.Join(",", d.Mmio), string.Join(",", d.Interrupts))));
        Assert.Equal(imported.Ram, loaded.Ram);
        Assert.Equal(imported.MaxIntId, loaded.MaxIntId);
    }

    [Fact]
    public void Every_dtb_and_overlay_in_the_kernel_package_imports_without_crashing()
    {
        var files = Directory.GetFiles(TestPaths.RequireLinuxDtbs(), "*.dtb", SearchOption.AllDirectories)
            .Concat(Directory.GetFiles(TestPaths.RequireLinuxDtbs(), "*.dtbo", SearchOption.AllDirectories)).ToArray();
        Assert.True(files.Length > 500, $"only {files.Length} DTBs found");
        int withRam = 0;
        foreach (var f in files)
        {
            var (board, _) = BoardImporter.ImportFile(f);
            Assert.NotNull(BoardWriter.Write(board));
            if (board.Ram.Count > 0) withRam++;
        }
        Assert.True(withRam > files.Length / 4);
    }

    [Fact]
    public void Truncated_dtb_is_a_located_format_error()
    {
        var blob = File.ReadAllBytes(TestPaths.Fixture("dtb", "qemu-virt-gicv3.dtb"));
        var e = Assert.Throws<FdtFormatException>(() => new BoardImporter().Import(blob[..200], "x"));
        Assert.Equal("header totalsize 8046 does not match the file size 200", e.Message);
        Assert.Equal(4, e.Offset);
    }

    [Theory]
    [InlineData("xilinx/zynqmp-zcu102-rev1.0.dtb", "ethernet-ff0e0000", "network controller")]
    [InlineData("xilinx/zynqmp-zcu102-rev1.0.dtb", "r5f-0", "processor core")]                       // an R5F can reach all DDR
    [InlineData("broadcom/bcm2711-rpi-4-b.dtb", "genet", "network controller")]
    [InlineData("broadcom/bcm2711-rpi-4-b.dtb", "dma", "DMA controller")]
    [InlineData("freescale/imx8mp-evk.dtb", "usdhc2", "storage controller")]
    [InlineData("freescale/imx8mp-evk.dtb", "etr-28c06000", "trace buffer")]
    [InlineData("ti/k3-j721e-evm.dtb", "main_udmap", "")]
    public void Dma_masters_are_marked_with_the_reason(string dtb, string device, string reason)
    {
        var tree = new DeviceTree(FdtReader.Parse(File.ReadAllBytes(DtbPath(dtb))));
        var (imported, _) = BoardImporter.ImportFile(DtbPath(dtb), "b");
        Assert.NotNull(imported.FindDevice(device)!.Dma);
        Assert.False(imported.FindDevice(device)!.Dma!.BehindIommu);   // no SMMUv2 driver: nothing translates for it yet
        var named = tree.Root.Descendants().Where(n => tree.Label(n) == device || $"{n.BaseName}-{n.UnitAddress}" == device).ToList();
        Assert.Contains(named, n => DmaMasters.Reason(n)?.Contains(reason, StringComparison.Ordinal) == true);
    }

    [Theory]
    [InlineData("xilinx/zynqmp-zcu102-rev1.0.dtb", "xlnx,zynqmp-uart")]
    [InlineData("freescale/imx8mp-evk.dtb", "fsl,imx8mp-usb-phy")]
    [InlineData("freescale/imx8mp-evk.dtb", "fsl,imx8mp-vpu-blk-ctrl")]
    [InlineData("broadcom/bcm2711-rpi-4-b.dtb", "brcm,bcm2711-gpio")]
    [InlineData("ti/k3-j721e-evm.dtb", "ti,icssg-intc")]
    public void Devices_that_cannot_master_dma_are_not_marked(string dtb, string compatible)
    {
        var (imported, _) = BoardImporter.ImportFile(DtbPath(dtb), "b");
        var devices = imported.Devices.Where(d => d.Compatible == compatible).ToList();
        Assert.NotEmpty(devices);
        Assert.All(devices, d => Assert.Null(d.Dma));
    }
}
