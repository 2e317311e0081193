using Bulkhead.Config.Boards;
using Bulkhead.Config.Diagnostics;
using Bulkhead.Config.Systems;
using Bulkhead.Config.Yaml;

namespace Bulkhead.Config.Checking;

/// <summary>
/// 'interrupt_delivery: direct' (docs/direct-interrupts.md): the domain's cores take physical IRQs
/// at EL1 (HCR_EL2.IMO clear), so nothing the hypervisor does can filter what arrives there. The
/// option is accepted only where the checker can show that every Group 1 interrupt a direct core
/// can take is the domain's own:
///  - BH122: the board has a GICv3 (the CPU interface in system registers: with IMO clear and FMO
///    set, EL1 reaches only the Group 1 registers, the hypervisor keeps Group 0 as FIQ at EL2 and
///    SGI generation still traps). GICv2's CPU interface is one memory-mapped page holding both
///    groups' controls; no GIC: no interrupts to deliver.
///  - BH123: no SPI reaches a direct core unless the domain owns it, and none of its SPIs reaches
///    another domain's core: SPIs are routed to their owner's cores only, so an SPI with two owners
///    (a doorbell read by the direct domain and another) is refused.
///  - BH124: the PPIs the hypervisor keeps (its EL2 timer, the maintenance interrupt) are distinct
///    from the guest's virtual timer, so they can be Group 0 while the guest's is Group 1.
///  - BH125: one core. SGIs between a domain's vCPUs travel through the hypervisor's virtual
///    interface, which a direct core does not use (IMO clear disables virtual IRQs).
/// Cores are exclusive for every domain already (CoreRules, BH-core-twice), so no other domain's
/// PPI or vCPU SGI can be generated on a direct core.
/// </summary>
public static class DirectInterruptRules
{
    public static void Run(CheckContext ctx)
    {
        foreach (var d in ctx.System.Domains)
        {
            if (!d.DirectInterrupts || d.Config.InterruptDelivery is not { } field) continue;
            Board board = ctx.Board;
            if (board.InterruptController != InterruptControllerKind.GicV3)
            {
                string why = board.InterruptController == InterruptControllerKind.GicV2
                    ? "GICv2's CPU interface is one memory-mapped page with both groups' controls, so the guest could not take its own interrupts without reaching the hypervisor's"
                    : "it has no GICv3 to deliver interrupts to EL1 while the hypervisor keeps its own at EL2";
                ctx.Bag.Error(Codes.DirectNeedsGicV3, field.At, field.Path,
                    $"domain '{d.Name}' asks for direct interrupts, but board '{board.Id}' cannot guarantee them: {why}",
                    "Remove 'interrupt_delivery: direct' (interrupts then go through the hypervisor), or use a GICv3 board");
                continue;
            }
            if (d.Cores.Count > 1)
                ctx.Bag.Error(Codes.DirectMultiCore, field.At, field.Path,
                    $"domain '{d.Name}' asks for direct interrupts on {d.Cores.Count} cores; SGIs between its vCPUs would need the hypervisor's virtual interface, which a direct core does not use",
                    "Give a direct domain one core, or remove 'interrupt_delivery: direct'");
            CheckPpis(ctx, d, field);
            CheckSpis(ctx, d, field);
            var own = d.AllInterrupts.Concat(ctx.System.Channels.Where(c => c.Doorbell != 0 && c.Readers.Contains(d)).Select(c => c.Doorbell)).Distinct().Order().ToList();
            ctx.System.Interference.Add(new InterferenceNote("interrupts",
                $"'{d.Name}': direct delivery on core {string.Join(", ", d.Cores)}: its virtual timer{(own.Count > 0 ? " and SPIs " + string.Join(", ", own) : "")} reach it at EL1 without the hypervisor; "
                + "the hypervisor keeps its SGIs and EL2 timer as Group 0 (FIQ) there. A guest that raises its own running priority (ICC_AP1R) can hold those off on its core: "
                + "its watchdog and stop/restart then wait for its next trap; other domains are unaffected"));
        }
    }

    static void CheckPpis(CheckContext ctx, ResolvedDomain d, Loc<InterruptDelivery> field)
    {
        Board b = ctx.Board;
        uint timer = b.TimerVirtual;
        bool ppi(uint id) => id >= 16 && id < 32;
        if (!ppi(timer) || !ppi(b.TimerHypervisor) || timer == b.TimerHypervisor || timer == b.MaintenanceInterrupt)
            ctx.Bag.Error(Codes.DirectPpiConflict, field.At, field.Path,
                $"board '{b.Id}' gives the guest's virtual timer INTID {timer}, the hypervisor's timer INTID {b.TimerHypervisor} and the maintenance interrupt INTID {b.MaintenanceInterrupt}: they must be distinct PPIs (16-31) for domain '{d.Name}' to take its timer directly",
                "Correct the board's timer and maintenance interrupt numbers, or remove 'interrupt_delivery: direct'");
    }

    static void CheckSpis(CheckContext ctx, ResolvedDomain d, Loc<InterruptDelivery> field)
    {
        foreach (var ch in ctx.System.Channels)
        {
            if (ch.Doorbell == 0 || !ch.Readers.Contains(d)) continue;
            var others = ch.Readers.Where(r => r != d).Select(r => $"'{r.Name}'").ToList();
            if (others.Count > 0)
                ctx.Bag.Error(Codes.DirectInterruptShared, ch.Config.Doorbell?.At ?? field.At, ch.Config.Doorbell is null ? field.Path : ch.Config.Path + ".doorbell",
                    $"doorbell INTID {ch.Doorbell} of channel '{ch.Name}' rings direct domain '{d.Name}' and {string.Join(", ", others)}: one SPI reaches one core, so it would reach a direct core for another domain or a hypervisor core for '{d.Name}'",
                    $"Give '{d.Name}' a channel with a doorbell of its own, or remove 'interrupt_delivery: direct'");
        }
        foreach (var (intId, owner) in ctx.InterruptOwners)
        {
            if (owner.Domain == d) continue;
            // Routing sends an SPI to its owner's cores only; with exclusive cores that is never a direct core.
            if (owner.Domain.Cores.Any(d.Cores.Contains))
                ctx.Bag.Error(Codes.DirectInterruptShared, field.At, field.Path,
                    $"INTID {intId} of domain '{owner.Domain.Name}' ({owner.What}) would be routed to a core of direct domain '{d.Name}'",
                    "Give each domain its own cores");
        }
    }
}
