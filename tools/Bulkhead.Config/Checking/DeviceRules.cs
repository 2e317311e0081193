using Bulkhead.Config.Boards;
using Bulkhead.Config.Diagnostics;
using Bulkhead.Config.Systems;

namespace Bulkhead.Config.Checking;

/// <summary>Devices exist on the board, have one owner, and the hypervisor's console UART stays its own.</summary>
public static class DeviceRules
{
    public static void Run(CheckContext ctx)
    {
        var owner = new Dictionary<BoardDevice, ResolvedDomain>();
        foreach (var d in ctx.System.Domains)
        {
            foreach (var name in d.Config.Devices)
            {
                var dev = ctx.Board.FindDevice(name.Value);
                if (dev is null)
                {
                    ctx.Bag.Error(Codes.UnknownDevice, name.At, name.Path, $"device '{name.Value}' does not exist on board '{ctx.Board.Id}'", Suggest(ctx.Board, name.Value));
                    continue;
                }
                if (owner.TryGetValue(dev, out var first))
                {
                    ctx.Bag.Error(Codes.DeviceTwice, name.At, name.Path,
                        first == d ? $"device '{dev.Name}' is listed twice" : $"device '{dev.Name}' is already given to domain '{first.Name}'",
                        first == d ? "List each device once" : "Give every device to one domain only; share data through a channel instead");
                    continue;
                }
                if (IsConsole(ctx.Board, dev))
                {
                    ctx.Bag.Error(Codes.DeviceIsHypervisorConsole, name.At, name.Path, $"device '{dev.Name}' is the hypervisor's console UART",
                        "Remove it and set 'console: exclusive' on this domain to hand it the console instead");
                    continue;
                }
                owner[dev] = d;
                d.Devices.Add(dev);
            }
        }
    }

    public static bool IsConsole(Board board, BoardDevice dev) => dev.Mmio.Any(m => m.Contains(board.ConsoleBase));

    public static string Suggest(Board board, string name)
    {
        var close = board.Devices.Select(d => d.Name)
            .Where(n => n.Contains(name, StringComparison.OrdinalIgnoreCase) || name.Contains(n, StringComparison.OrdinalIgnoreCase)
                        || SharedPrefix(n, name) >= Math.Min(4, name.Length))
            .Take(5).ToList();
        if (close.Count > 0) return $"Did you mean {string.Join(" or ", close.Select(c => $"'{c}'"))}? The board's devices are listed in {Checker.DisplayPath(board.File)}";
        return $"Use a device listed under 'devices:' in {Checker.DisplayPath(board.File)}";
    }

    static int SharedPrefix(string a, string b)
    {
        int i = 0;
        while (i < a.Length && i < b.Length && char.ToLowerInvariant(a[i]) == char.ToLowerInvariant(b[i])) i++;
        return i;
    }
}
