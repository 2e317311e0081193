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
                    bool itself = dev.Mmio.Any(m => m.Contains(ctx.Board.ConsoleBase));
                    ctx.Bag.Error(Codes.DeviceIsHypervisorConsole, name.At, name.Path,
                        itself ? $"device '{dev.Name}' is the hypervisor's console UART"
                               : $"device '{dev.Name}' shares a 4 KiB page with the hypervisor's console UART at 0x{ctx.Board.ConsoleBase:X}",
                        itself ? "Remove it and set 'console: exclusive' on this domain to hand it the console instead"
                               : "Stage 2 maps whole pages: leave the device to the hypervisor, or set 'console: exclusive' and drop it from 'devices'");
                    continue;
                }
                // Stage 2 maps whole 4 KiB pages: a device sharing a page with another domain's
                // device would expose that device's registers too.
                var clash = owner.FirstOrDefault(o => o.Value != d && SharesPage(o.Key, dev));
                if (clash.Key is not null)
                {
                    ctx.Bag.Error(Codes.DeviceSharesPage, name.At, name.Path,
                        $"device '{dev.Name}' shares a 4 KiB page with device '{clash.Key.Name}' of domain '{clash.Value.Name}'",
                        "Stage 2 maps whole pages, so both devices must go to the same domain");
                    continue;
                }
                if (dev.Mmio.FirstOrDefault(m => !AddressSpace.Covers(ctx.Board, m)) is { Size: not 0 } far)
                {
                    ctx.Bag.Error(Codes.OutsideAddressSpace, name.At, name.Path,
                        $"device '{dev.Name}' has registers at {far}, beyond what the hypervisor can map: {AddressSpace.Describe(ctx.Board)}",
                        "Leave the device out of this system; it cannot be passed through on this hypervisor");
                    continue;
                }
                owner[dev] = d;
                d.Devices.Add(dev);
            }
        }

        // 'console: exclusive' (or 'driver') hands the console UART (its page and its interrupt) to one domain.
        var exclusive = ctx.System.Domains.FirstOrDefault(x => x.Console.HasTheUart());
        var uart = ctx.Board.IsX86 ? null : ctx.Board.Devices.FirstOrDefault(dev => dev.Mmio.Any(m => m.Contains(ctx.Board.ConsoleBase)));
        if (exclusive is not null && uart is not null && !owner.ContainsKey(uart)) exclusive.Devices.Add(uart);
    }

    const ulong Page = 0x1000;

    static IEnumerable<ulong> Pages(BoardDevice dev) =>
        dev.Mmio.Where(m => !m.Wraps && m.Size > 0).SelectMany(m => PageRange(m.Base / Page, (m.End - 1) / Page));

    static IEnumerable<ulong> PageRange(ulong first, ulong last)
    {
        for (ulong p = first; p <= last && p - first < 4096; p++) yield return p;   // cap: huge windows cannot share small pages anyway
    }

    static bool SharesPage(BoardDevice a, BoardDevice b) => Pages(a).Intersect(Pages(b)).Any();

    /// <summary>True when the device's pages include the hypervisor's console UART.</summary>
    public static bool IsConsole(Board board, BoardDevice dev) => !board.IsX86 && Pages(dev).Contains(board.ConsoleBase / Page);   // x86 consoles are I/O ports

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
