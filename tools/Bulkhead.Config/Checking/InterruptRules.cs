using Bulkhead.Config.Diagnostics;
using Bulkhead.Config.Systems;

namespace Bulkhead.Config.Checking;

/// <summary>
/// Every SPI has one owner. A domain receives its devices' interrupts implicitly and may list
/// further SPIs. SGIs and PPIs (INTID below 32) are per core and handled by the hypervisor.
/// </summary>
public static class InterruptRules
{
    public static void Run(CheckContext ctx)
    {
        var board = ctx.Board;
        // Device lines first, so an explicit INTID that a device already brings is reported at the explicit entry.
        foreach (var d in ctx.System.Domains)
            foreach (var dev in d.Devices)
            {
                // Where the device was given: its 'devices' entry, or 'console: exclusive' for the console UART.
                var entry = d.Config.Devices.FirstOrDefault(x => x.Value == dev.Name);
                SourceSpan at = entry?.At ?? d.Config.Console?.At ?? d.Config.At;
                string path = entry?.Path ?? d.Config.Console?.Path ?? d.Config.Path;
                foreach (var irq in dev.Interrupts)
                {
                    if (ctx.InterruptOwners.TryGetValue(irq, out var first) && first.Domain != d)
                        ctx.Bag.Error(Codes.InterruptTwice, at, path,
                            $"device '{dev.Name}' uses INTID {irq}, which domain '{first.Domain.Name}' already owns through {first.What}",
                            "Interrupt lines cannot be split between domains: give both devices to the same domain");
                    else if (!ctx.InterruptOwners.ContainsKey(irq)) ctx.InterruptOwners[irq] = (d, $"device '{dev.Name}'");
                }
            }

        foreach (var d in ctx.System.Domains)
        {
            if (d.Config.Interrupts.Count > 0 && !board.InterruptsAssignable)
            {
                var first = d.Config.Interrupts[0];
                ctx.Bag.Error(Codes.NoInterruptController, first.At, d.Config.Path + ".interrupts",
                    $"board '{board.Id}' has no GIC, so interrupts cannot be assigned by INTID", "Remove 'interrupts:'; devices keep their own interrupt lines");
                continue;
            }
            foreach (var irq in d.Config.Interrupts)
            {
                if (!CheckSpi(ctx, irq.Value, irq.At, irq.Path)) continue;
                uint id = (uint)irq.Value;
                if (ctx.InterruptOwners.TryGetValue(id, out var first))
                {
                    ctx.Bag.Error(Codes.InterruptTwice, irq.At, irq.Path,
                        first.Domain == d ? $"INTID {id} is already given to this domain through {first.What}" : $"INTID {id} is already owned by domain '{first.Domain.Name}' through {first.What}",
                        first.Domain == d ? "Remove the duplicate entry" : "Give every interrupt to one domain only");
                    continue;
                }
                if (board.ConsoleInterrupt == id && !d.Console.HasTheUart())
                {
                    ctx.Bag.Error(Codes.InterruptReserved, irq.At, irq.Path, $"INTID {id} is the hypervisor console UART's interrupt",
                        "Remove it; 'console: exclusive' on this domain would bring the UART and this interrupt with it");
                    continue;
                }
                ctx.InterruptOwners[id] = (d, $"'interrupts' at line {irq.At.Line}");
                d.ExplicitInterrupts.Add(id);
            }
        }
    }

    /// <summary>True when value is an SPI the board's controller implements; reports otherwise.</summary>
    public static bool CheckSpi(CheckContext ctx, ulong value, SourceSpan at, string path)
    {
        if (!ctx.Board.InterruptsAssignable)
        {
            ctx.Bag.Error(Codes.NoInterruptController, at, path, $"board '{ctx.Board.Id}' has no GIC, so INTID {value} cannot be assigned",
                "Remove the INTID; on this board devices keep their own interrupt lines");
            return false;
        }
        if (!ctx.Board.HasGic)
        {
            // x86: IO APIC inputs (GSIs) 0..max_intid.
            if (value <= ctx.Board.MaxIntId) return true;
            ctx.Bag.Error(Codes.InterruptNotOnBoard, at, path, $"GSI {value} does not exist on board '{ctx.Board.Id}'", $"Use an IO APIC input from 0 to {ctx.Board.MaxIntId}");
            return false;
        }
        if (value < 32)
        {
            ctx.Bag.Error(Codes.NotAnSpi, at, path, $"INTID {value} is an SGI or PPI (below 32), which is per core and not assignable",
                "Use a shared peripheral interrupt (INTID 32 or above); timer PPIs are given to every domain automatically");
            return false;
        }
        if (value > ctx.Board.MaxIntId)
        {
            ctx.Bag.Error(Codes.InterruptNotOnBoard, at, path, $"INTID {value} does not exist on board '{ctx.Board.Id}'",
                $"Use an SPI from 32 to {ctx.Board.MaxIntId}");
            return false;
        }
        return true;
    }
}
