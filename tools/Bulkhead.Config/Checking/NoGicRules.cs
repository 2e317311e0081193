using Bulkhead.Config.Diagnostics;

namespace Bulkhead.Config.Checking;

/// <summary>
/// What cannot work on a board without a GIC (BCM2837's BCM2836 local controller): the hypervisor
/// takes no interrupts there (hv-arm64/Gic/None), so it has no timer interrupt for a watchdog and
/// no way to interrupt another core, which starting, stopping or restarting a domain with several
/// vCPUs needs. Domain interrupts and doorbells are refused by <see cref="InterruptRules"/> (BH064).
/// </summary>
public static class NoGicRules
{
    public static void Run(CheckContext ctx)
    {
        var board = ctx.Board;
        if (board.InterruptsAssignable) return;
        foreach (var d in ctx.System.Domains)
        {
            if (d.Config.WatchdogMs is { Value: > 0 } watchdog)
                ctx.Bag.Error(Codes.NeedsInterruptController, watchdog.At, watchdog.Path,
                    $"board '{board.Id}' has no GIC, so the hypervisor has no timer interrupt to run a watchdog with",
                    "Remove 'watchdog_ms:', or use a board with a GIC");
            if (d.Config.Cores.Count > 1)
                ctx.Bag.Error(Codes.NeedsInterruptController, d.Config.CoresAt, d.Config.Path + ".cores",
                    $"board '{board.Id}' has no GIC, so a domain's vCPUs cannot signal each other's cores (CPU_ON, stop, restart); domain '{d.Name}' has {d.Config.Cores.Count}",
                    "Give each domain one core on this board");
        }
    }
}
