using Bulkhead.Config.Diagnostics;

namespace Bulkhead.Config.Checking;

/// <summary>
/// 'manages:' (docs/management.md): a manager may list, inspect, stop, start and restart the
/// domains it names, at run time. BH107: every name is another domain of the system, once.
/// BH106 (waivable): a manager must not manage a domain of higher criticality than its own — a QM
/// manager stopping an ASIL domain is exactly the interference the partitioning exists to prevent.
/// </summary>
public static class ManagementRules
{
    public static void Run(CheckContext ctx)
    {
        foreach (var manager in ctx.System.Domains)
        {
            foreach (var name in manager.Config.Manages)
            {
                var target = ctx.FindDomain(name.Value);
                if (target is null)
                    ctx.Bag.Error(Codes.ManagesInvalid, name.At, name.Path, $"'{name.Value}' is not a domain of this system", $"Use one of: {ctx.KnownDomains}");
                else if (target == manager)
                    ctx.Bag.Error(Codes.ManagesInvalid, name.At, name.Path, $"domain '{manager.Name}' cannot manage itself",
                        "Remove it: a domain stops or restarts itself with DOMAIN_STOP/DOMAIN_RESTART (Domain.PowerOff/Restart)");
                else if (manager.Manages.Contains(target))
                    ctx.Bag.Error(Codes.ManagesInvalid, name.At, name.Path, $"'{name.Value}' is listed twice", "List each managed domain once");
                else
                {
                    manager.Manages.Add(target);
                    if (target.Criticality > manager.Criticality)
                        InterferenceRules.Violation(ctx, Codes.ManagerOutranked, new[] { manager, target }, name.At, name.Path,
                            $"{InterferenceRules.Level(manager)} domain '{manager.Name}' manages higher-criticality {InterferenceRules.Level(target)} domain '{target.Name}'",
                            $"Manage only domains of at most {InterferenceRules.Level(manager)}, give the manager at least {InterferenceRules.Level(target)}, or add a waiver with a justification");
                }
            }
            if (manager.Manages.Count > 0)
                ctx.System.Interference.Add(new InterferenceNote("management",
                    $"'{manager.Name}' ({InterferenceRules.Level(manager)}) may stop, start and restart and read the console of {string.Join(", ", manager.Manages.Select(m => $"'{m.Name}' ({InterferenceRules.Level(m)})"))}"));
        }
    }
}
