using Bulkhead.Config.Boards;
using Bulkhead.Config.Dtb;

namespace Bulkhead.Config.Tests;

/// <summary>
/// The importer learns the console UART's kind from its compatible on real DTBs (Debian's arm64 kernel
/// package), takes the 8250 register layout from the node or its binding, refuses a console it has no
/// driver for by name, and moves aliased GIC-400 CPU interfaces to their usable page.
/// </summary>
public class DtbImportConsoleTests
{
    static BoardImporter.Result Import(string dtb) => BoardImporter.ImportFile(Path.Combine(TestPaths.RequireLinuxDtbs(), dtb));

    [Theory]
    [InlineData("broadcom/bcm2837-rpi-3-b.dtb", UartKind.MiniUart, 0x3F215040UL)]
    [InlineData("broadcom/bcm2837-rpi-3-b-plus.dtb", UartKind.MiniUart, 0x3F215040UL)]
    [InlineData("broadcom/bcm2711-rpi-4-b.dtb", UartKind.MiniUart, 0xFE215040UL)]
    [InlineData("broadcom/bcm2712-rpi-5-b.dtb", UartKind.Pl011, 0x107D001000UL)]
    [InlineData("freescale/imx8qm-mek.dtb", UartKind.Lpuart, 0x5A060000UL)]
    [InlineData("freescale/imx8qxp-mek.dtb", UartKind.Lpuart, 0x5A060000UL)]
    [InlineData("freescale/imx8mp-evk.dtb", UartKind.ImxUart, 0x30890000UL)]
    [InlineData("xilinx/zynqmp-zcu102-rev1.0.dtb", UartKind.Cadence, 0xFF000000UL)]
    [InlineData("xilinx/zynqmp-zcu104-revC.dtb", UartKind.Cadence, 0xFF000000UL)]
    [InlineData("ti/k3-j721e-evm.dtb", UartKind.Ns16550, 0x02800000UL)]
    [InlineData("ti/k3-j7200-evm.dtb", UartKind.Ns16550, 0x02800000UL)]
    [InlineData("rockchip/rk3399-rock-pi-4b.dtb", UartKind.Ns16550, 0xFF1A0000UL)]
    public void Console_kind_and_base_come_from_the_stdout_uart(string dtb, UartKind kind, ulong consoleBase)
    {
        var (board, _) = Import(dtb);
        Assert.Equal((kind, consoleBase), (board.ConsoleType, board.ConsoleBase));
    }

    [Fact]
    public void Ti_k3_uart_gets_the_4_byte_stride_its_binding_implies()
    {
        var (board, notes) = Import("ti/k3-j7200-evm.dtb");
        Assert.Equal((2u, 4u), (board.ConsoleRegShift, board.ConsoleRegIoWidth));
        Assert.Contains(notes, n => n.Contains("implied by its binding", StringComparison.Ordinal));
    }

    [Fact]
    public void Designware_uart_takes_reg_shift_and_reg_io_width_from_the_node()
    {
        var (board, notes) = Import("rockchip/rk3399-rock-pi-4b.dtb");
        Assert.Equal((2u, 4u), (board.ConsoleRegShift, board.ConsoleRegIoWidth));
        Assert.DoesNotContain(notes, n => n.Contains("implied by its binding", StringComparison.Ordinal));
    }

    [Fact]
    public void Byte_spaced_16550_keeps_the_defaults()
    {
        var (board, _) = BoardImporter.ImportFile(TestPaths.Fixture("dtb", "qemu-virt-gicv3.dtb"));
        Assert.Equal((0u, 1u), (board.ConsoleRegShift, board.ConsoleRegIoWidth));
    }

    [Fact]
    public void RCar_scif_console_is_refused_by_node_and_compatible_not_guessed()
    {
        var result = Import("renesas/r8a774a1-hihope-rzg2m.dtb");
        Assert.Equal(
            "console UART /soc/serial@e6e88000 (compatible \"renesas,scif-r8a774a1\", Renesas SCIF) "
            + "has no Bulkhead console driver; supported console types: pl011, ns16550, mini-uart, lpuart, cadence, imx-uart",
            result.UnsupportedConsole);
        Assert.Equal(0xE6E88000UL, result.Board.ConsoleBase);
    }

    [Fact]
    public void Board_import_command_fails_with_a_located_error_for_an_unsupported_console()
    {
        string dtb = Path.Combine(TestPaths.RequireLinuxDtbs(), "renesas/r8a774a1-hihope-rzg2m.dtb");
        var output = new FileInfo(Path.Combine(Path.GetTempPath(), $"bulkhead-rzg2m-{Environment.ProcessId}.yaml"));
        var (exit, _, stderr) = Bulkhead.Tests.BulkheadCli.Run(TestPaths.Repo, "board", "import", dtb, "-o", output.FullName);
        Assert.Equal(1, exit);
        Assert.Contains("r8a774a1-hihope-rzg2m.dtb: error BH007: console UART /soc/serial@e6e88000 (compatible \"renesas,scif-r8a774a1\"", stderr, StringComparison.Ordinal);
        output.Refresh();
        Assert.False(output.Exists);
    }

    [Theory]
    [InlineData("arm,sbsa-uart", UartKind.Pl011)]
    [InlineData("fsl,imx8ulp-lpuart", UartKind.Lpuart)]
    [InlineData("xlnx,zynqmp-uart", UartKind.Cadence)]
    [InlineData("cdns,uart-r1p12", UartKind.Cadence)]
    [InlineData("snps,dw-apb-uart", UartKind.Ns16550)]
    [InlineData("ti,am654-uart", UartKind.Ns16550)]
    [InlineData("fsl,imx6q-uart", UartKind.ImxUart)]
    [InlineData("fsl,imx8mp-uart", UartKind.ImxUart)]
    [InlineData("fsl,imx8qm-lpuart", UartKind.Lpuart)]
    [InlineData("renesas,scif-r8a7795", null)]
    [InlineData("acme,made-up-uart", null)]
    public void Compatible_table_classifies_uart_families(string compatible, UartKind? kind)
    {
        Assert.Equal(kind, UartCompatibles.Classify(new[] { compatible }).Kind);
    }

    [Fact]
    public void Most_specific_compatible_wins()
    {
        // i.MX8QM nodes list "fsl,imx8qm-lpuart", "fsl,imx8qxp-lpuart": the LPUART pattern must not be shadowed by imx*-uart.
        Assert.Equal((UartKind.Lpuart, "fsl,imx8qm-lpuart"), UartCompatibles.Classify(new[] { "fsl,imx8qm-lpuart", "fsl,imx8qxp-lpuart" }));
        Assert.Equal((UartKind.Ns16550, "ti,j721e-uart"), UartCompatibles.Classify(new[] { "ti,j721e-uart", "ti,am654-uart" }));
    }

    [Theory]
    [InlineData("xilinx/zynqmp-zcu102-rev1.0.dtb")]
    [InlineData("xilinx/zynqmp-zcu104-revC.dtb")]
    public void Aliased_gic400_cpu_interface_moves_to_the_last_64k_alias(string dtb)
    {
        var (board, notes) = Import(dtb);
        Assert.Equal((0xF9010000UL, 0xF902F000UL, 0xF9040000UL, 0xF906F000UL),
                     (board.GicDistributor, board.GicCpuInterface, board.GicHypInterface, board.GicVirtualCpuInterface));
        Assert.Contains(notes, n => n.Contains("64 KiB-aliased", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("broadcom/bcm2711-rpi-4-b.dtb", 0xFF841000UL, 0xFF842000UL)]
    [InlineData("broadcom/bcm2712-rpi-5-b.dtb", 0x107FFF9000UL, 0x107FFFA000UL)]
    public void Gic400_with_4k_frames_is_left_where_the_dtb_says(string dtb, ulong gicd, ulong gicc)
    {
        var (board, notes) = Import(dtb);
        Assert.Equal((gicd, gicc), (board.GicDistributor, board.GicCpuInterface));
        Assert.DoesNotContain(notes, n => n.Contains("64 KiB-aliased", StringComparison.Ordinal));
    }
}
