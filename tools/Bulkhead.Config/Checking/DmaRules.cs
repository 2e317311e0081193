using Bulkhead.Config.Diagnostics;

namespace Bulkhead.Config.Checking;

/// <summary>
/// DMA isolation. Stage 2 confines what a domain's CPUs reach, not what its devices reach: a
/// DMA-capable device writes wherever it is told. So a passthrough device that can master DMA must
/// be behind the board's IOMMU, which the hypervisor programs with the owner's address space for
/// the device's stream IDs (and aborts every other stream).
/// - BH092: a DMA-capable passthrough device the IOMMU does not translate (or a board without one)
///   is refused; a waiver with a written justification turns it into a waived note.
/// - BH062: the IOMMU's event interrupt is the hypervisor's (it reports blocked DMA), never a domain's.
/// </summary>
public static class DmaRules
{
    public static void Run(CheckContext ctx)
    {
        if (ctx.Board.Iommu is { EventInterrupt: not 0 } iommu)
            foreach (var d in ctx.System.Domains)
                foreach (var irq in d.Config.Interrupts.Where(i => i.Value == iommu.EventInterrupt))
                    ctx.Bag.Error(Codes.InterruptReserved, irq.At, irq.Path, $"INTID {irq.Value} is the IOMMU's event interrupt, which the hypervisor keeps",
                        "Remove it: the hypervisor reports blocked DMA itself");

        foreach (var d in ctx.System.Domains)
            foreach (var dev in d.Devices)
            {
                if (dev.Dma is not { } dma) continue;
                var at = d.Config.Devices.FirstOrDefault(n => n.Value == dev.Name);
                string path = at?.Path ?? d.Config.Path + ".devices";
                if (dma.BehindIommu && ctx.Board.Iommu is not null)
                {
                    ctx.System.Interference.Add(new InterferenceNote("dma",
                        $"'{dev.Name}' of '{d.Name}': DMA translated by the {ctx.Board.Iommu.Kind.ToString().ToLowerInvariant()} with '{d.Name}''s address space (stream IDs 0x{dma.FirstStreamId:X}-0x{dma.FirstStreamId + dma.StreamCount - 1:X}; every other stream aborted)"));
                    continue;
                }
                string why = ctx.Board.Iommu is null ? $"board '{ctx.Board.Id}' has no IOMMU" : "the board's IOMMU does not translate it";
                InterferenceRules.Violation(ctx, Codes.DmaWithoutIommu, new[] { d }, at?.At ?? d.Config.At, path,
                    $"device '{dev.Name}' of domain '{d.Name}' can master DMA and {why}: it could write any domain's memory or the hypervisor's",
                    "Use a device behind the IOMMU, leave it out, or add a waiver for BH092 naming this domain with a justification (why its DMA cannot harm others)");
            }
    }
}
