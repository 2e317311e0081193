using Bulkhead.Config.Diagnostics;
using Bulkhead.Config.Systems;
using Bulkhead.Core.Plan;

namespace Bulkhead.Config.Checking;

/// <summary>
/// 'restart: { policy: restart, limit: N, window_ms: W }': at most N restarts within any W ms. The
/// hypervisor remembers the last N restart times in a fixed ring, so N is 1 to 16 when there is a
/// window, and a window under a second would let a crashing domain keep it busy restarting. A
/// window without a policy that restarts or without an explicit limit is a mistake, not a default.
/// </summary>
public static class RestartRules
{
    public static void Run(CheckContext ctx)
    {
        foreach (var d in ctx.System.Domains)
        {
            if (d.Config.RestartWindowMs is not { Value: > 0 } window) continue;
            if (d.Restart != RestartPolicy.Restart)
            {
                ctx.Bag.Error(Codes.BadValue, window.At, window.Path, "a restart window needs 'policy: restart': this domain is never restarted",
                    "Remove 'window_ms', or use 'policy: restart'");
                continue;
            }
            if (d.Config.RestartLimit is not { } limit)
            {
                ctx.Bag.Error(Codes.BadValue, window.At, window.Path, "'window_ms' needs 'limit': how many restarts the window allows",
                    $"Add 'limit: <restarts>' (1 to {PlanFormat.MaxWindowedRestarts}) next to 'window_ms'");
                continue;
            }
            if (limit.Value == 0)
                ctx.Bag.Error(Codes.BadValue, limit.At, limit.Path, "limit 0 never restarts, so the restart window means nothing",
                    $"Give a limit of 1 to {PlanFormat.MaxWindowedRestarts}, or remove 'window_ms'");
            else if (limit.Value > PlanFormat.MaxWindowedRestarts)
                ctx.Bag.Error(Codes.BadValue, limit.At, limit.Path, $"a restart window holds at most {PlanFormat.MaxWindowedRestarts} restarts, not {limit.Value}",
                    $"Use a limit of 1 to {PlanFormat.MaxWindowedRestarts} (a shorter window for the same rate), or remove 'window_ms'");
            if (window.Value < PlanFormat.MinRestartWindowMs)
                ctx.Bag.Error(Codes.BadValue, window.At, window.Path, $"a restart window of {window.Value} ms is too short: a crashing domain would keep the hypervisor restarting it",
                    $"Use at least {PlanFormat.MinRestartWindowMs} ms, or 0 to count restarts over the whole run");
        }
    }
}
