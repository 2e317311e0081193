using Bulkhead.Config.Diagnostics;
using Bulkhead.Config.Systems;

namespace Bulkhead.Config.Checking;

/// <summary>
/// 'console: driver' (docs/driver-domains.md): the console driver domain drives the board's console
/// UART itself, so the UART must be a memory-mapped device of the board (not an I/O port, as on
/// x86), and the domain must run the SDK's console driver service (a Linux domain cannot read the
/// other domains' console rings).
/// </summary>
public static class ConsoleDriverRules
{
    public static void Run(CheckContext ctx)
    {
        foreach (var d in ctx.System.Domains.Where(x => x.Console == ConsolePolicy.Driver))
        {
            var at = d.Config.Console!;
            if (ctx.Board.IsX86 || !d.Devices.Any(dev => dev.Mmio.Any(m => m.Contains(ctx.Board.ConsoleBase))))
                ctx.Bag.Error(Codes.ConsoleDriverWithoutMmioUart, at.At, at.Path,
                    $"board '{ctx.Board.Id}' has no memory-mapped console UART device for domain '{d.Name}' to drive",
                    "Use 'console: shared' on this board, or describe the console UART under the board's 'devices:'");
            if (d.Config.Image?.Linux is not null)
                ctx.Bag.Error(Codes.ConsoleDriverOnLinux, at.At, at.Path,
                    $"domain '{d.Name}' runs Linux, which cannot serve the other domains' console rings",
                    "Give 'console: driver' to a domain running the SDK's console-driver service ('image: { builtin: console-driver }')");
        }
    }
}
