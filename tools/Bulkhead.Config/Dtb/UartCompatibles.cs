using Bulkhead.Config.Boards;

namespace Bulkhead.Config.Dtb;

/// <summary>
/// Which console driver a device-tree UART needs, from its compatible strings. Patterns may hold one
/// '*' (the SoC name: "fsl,imx*-lpuart"). A pattern with no kind names a UART family Bulkhead knows
/// but has no driver for, so the importer can say what it found instead of guessing a 16550.
/// </summary>
public static class UartCompatibles
{
    // First match wins, in the node's compatible order (most specific first), then table order:
    // the LPUART pattern must come before the older i.MX UART pattern it would also match.
    static readonly (string Pattern, UartKind? Kind, string Family)[] Table =
    {
        ("arm,pl011", UartKind.Pl011, "PL011"),
        ("arm,sbsa-uart", UartKind.Pl011, "SBSA UART (PL011 subset)"),
        ("brcm,bcm2835-aux-uart", UartKind.MiniUart, "BCM2835 mini UART"),
        ("fsl,imx*-lpuart", UartKind.Lpuart, "i.MX LPUART"),
        ("fsl,ls1021a-lpuart", UartKind.Lpuart, "Layerscape LPUART"),
        ("cdns,uart-r1p12", UartKind.Cadence, "Cadence UART"),
        ("cdns,uart-r1p8", UartKind.Cadence, "Cadence UART"),
        ("xlnx,xuartps", UartKind.Cadence, "Cadence UART"),
        ("xlnx,zynqmp-uart", UartKind.Cadence, "Cadence UART"),
        ("ti,*-uart", UartKind.Ns16550, "TI 8250"),
        ("snps,dw-apb-uart", UartKind.Ns16550, "DesignWare 8250"),
        ("ns16550a", UartKind.Ns16550, "16550A"),
        ("ns16550", UartKind.Ns16550, "16550"),
        ("ns16750", UartKind.Ns16550, "16750"),
        ("ns8250", UartKind.Ns16550, "8250"),
        ("brcm,bcm7271-uart", UartKind.Ns16550, "Broadcom 8250"),
        ("nvidia,tegra*-uart", UartKind.Ns16550, "Tegra 8250"),
        ("fsl,imx*-uart", UartKind.ImxUart, "i.MX UART (UTXD/UTS registers, not an LPUART)"),
        ("samsung,*-uart", null, "Samsung UART"),
        ("renesas,*scif*", null, "Renesas SCIF"),
        ("amlogic,meson-*-uart", null, "Amlogic UART"),
        ("qcom,msm-uart*", null, "Qualcomm UART"),
        ("mediatek,*-uart", UartKind.Ns16550, "MediaTek 8250"),
    };

    /// <summary>The console kind for a node's compatibles (null when unsupported or unknown) and the
    /// compatible string that identified the UART family (null when none did).</summary>
    public static (UartKind? Kind, string? Matched) Classify(IReadOnlyList<string> compatibles)
    {
        foreach (var c in compatibles)
            foreach (var (pattern, kind, _) in Table)
                if (Matches(pattern, c)) return (kind, c);
        return (null, null);
    }

    /// <summary>8250 register stride (log2) and access width that a family's binding implies when the node
    /// has no reg-shift / reg-io-width: TI's OMAP-derived UARTs (K3: "ti,am654-uart") are always 4-byte
    /// spaced and 32-bit accessed, their binding has no such properties.</summary>
    public static (uint RegShift, uint RegIoWidth) Implied8250Layout(string compatible) =>
        Matches("ti,*-uart", compatible) ? (2u, 4u) : (0u, 1u);

    /// <summary>The family name for a compatible that Classify matched ("i.MX UART (...)").</summary>
    public static string Describe(string compatible) =>
        Table.FirstOrDefault(t => Matches(t.Pattern, compatible)).Family ?? "unknown UART";

    static bool Matches(string pattern, string value)
    {
        int star = pattern.IndexOf('*');
        if (star < 0) return string.Equals(pattern, value, StringComparison.Ordinal);
        int rest = pattern.IndexOf('*', star + 1);
        if (rest >= 0)   // two stars: prefix * middle * (empty suffix)
        {
            string prefix = pattern[..star], middle = pattern[(star + 1)..rest], suffix = pattern[(rest + 1)..];
            return value.StartsWith(prefix, StringComparison.Ordinal) && value.EndsWith(suffix, StringComparison.Ordinal)
                && value.Length >= prefix.Length + suffix.Length
                && value[prefix.Length..(value.Length - suffix.Length)].Contains(middle, StringComparison.Ordinal);
        }
        string head = pattern[..star], tail = pattern[(star + 1)..];
        return value.Length > head.Length + tail.Length && value.StartsWith(head, StringComparison.Ordinal) && value.EndsWith(tail, StringComparison.Ordinal);
    }
}
