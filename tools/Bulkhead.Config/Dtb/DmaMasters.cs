using System.Text.RegularExpressions;

namespace Bulkhead.Config.Dtb;

/// <summary>
/// Which device-tree nodes can master DMA (docs/safety.md, DMA isolation). A domain that owns such a
/// device can make it read or write any physical address unless an IOMMU translates for it, so the
/// importer marks it `dma: { iommu: false }` and the checker refuses passthrough of it (BH092)
/// unless a waiver says why it is acceptable. Over-marking is the safe direction: a wrong mark
/// costs a waiver, a missing one costs isolation.
/// </summary>
public static class DmaMasters
{
    // By compatible, for masters whose tree says nothing structural about it. Each group is a kind
    // of bus master; the words are matched inside the part after the vendor's comma.
    static readonly (string Kind, Regex Pattern)[] Kinds =
    [
        ("network controller", new(@"gem\b|genet|\bfec\b|eqos|dwmac|cpsw.*nuss|cpswxg|icssg|macb|ethernet|enetc")),
        ("storage controller", new(@"sdhci|sdhost|usdhc|emmc|\bmmc\b|ahci|sata|ufs|nvme|zynqmp-qspi")),
        ("USB controller", new(@"usb|dwc2|dwc3|xhci|ehci|ohci")),
        ("PCIe host bridge", new(@"pcie")),
        ("graphics, display or video engine", new(@"v3d|mali|gpu|vivante|hvs|dss\b|lcdif|dpsub|dpdma|vpu|jpgdec|jpgenc|dw100|txp")),
        ("DMA engine", new(@"dma|udmap|ringacc")),
        ("crypto engine", new(@"sec-v4\.0$|sec-v4\.0-job-ring|sa2ul|caam|crypto")),
        ("processor core outside the hypervisor's control", new(@"r5f|dsp|pru\b|tx-pru|rtu\b|vchiq")),
        ("trace buffer (writes trace to memory)", new(@"coresight-tmc")),
    ];

    // Parts of a controller that are not themselves masters, though their names match above.
    static readonly Regex NotAMaster = new(@"phy|misc|blk-ctrl|gmii-sel|mdio|mux|intc|-mon$");

    /// <summary>Why the node can master DMA, or null when nothing says it can.</summary>
    public static string? Reason(FdtNode node)
    {
        if (node.Has("iommus")) return "it has 'iommus' (its transactions go through an IOMMU)";
        if (node.Has("#dma-cells")) return "it is a DMA controller ('#dma-cells')";
        foreach (string compatible in node.Strings("compatible"))
        {
            string model = compatible[(compatible.IndexOf(',') + 1)..].ToLowerInvariant();
            if (NotAMaster.IsMatch(model)) continue;
            foreach (var (kind, pattern) in Kinds)
                if (pattern.IsMatch(model)) return $"'{compatible}' is a {kind}";
        }
        return null;
    }
}
