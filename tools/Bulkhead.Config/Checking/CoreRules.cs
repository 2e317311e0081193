using Bulkhead.Config.Diagnostics;

namespace Bulkhead.Config.Checking;

/// <summary>Cores exist on the board and each one belongs to at most one domain.</summary>
public static class CoreRules
{
    public static void Run(CheckContext ctx)
    {
        var owner = new Dictionary<int, ResolvedDomain>();
        int count = ctx.Board.Cores.Count;
        foreach (var d in ctx.System.Domains)
        {
            if (d.Config.CoresEmpty)
                ctx.Bag.Error(Codes.NoCores, d.Config.CoresAt, d.Config.Path + ".cores", $"domain '{d.Name}' has no cores",
                    "Give the domain at least one core: every domain runs on its own physical cores");
            foreach (var c in d.Config.Cores)
            {
                if (c.Value >= (ulong)count)
                {
                    ctx.Bag.Error(Codes.UnknownCore, c.At, c.Path, $"core {c.Value} does not exist on board '{ctx.Board.Id}'",
                        $"Use a core number from 0 to {count - 1}");
                    continue;
                }
                int core = (int)c.Value;
                if (owner.TryGetValue(core, out var first))
                {
                    string fix = first == d ? "List each core once" : $"Give core {core} to only one domain; free cores: {FreeCores(ctx, owner)}";
                    ctx.Bag.Error(Codes.CoreTwice, c.At, c.Path, first == d ? $"core {core} is listed twice" : $"core {core} is already given to domain '{first.Name}'", fix);
                    continue;
                }
                owner[core] = d;
                d.Cores.Add(core);
            }
        }
    }

    static string FreeCores(CheckContext ctx, Dictionary<int, ResolvedDomain> owner)
    {
        var all = ctx.Board.Cores.Select(c => c.Index);
        var used = new HashSet<int>(owner.Keys);
        foreach (var d in ctx.System.Domains)
            foreach (var c in d.Config.Cores)
                if (c.Value < (ulong)ctx.Board.Cores.Count) used.Add((int)c.Value);
        var free = all.Where(i => !used.Contains(i)).ToList();
        return free.Count == 0 ? "none" : string.Join(", ", free);
    }
}
