using Bulkhead.Config.Boards;
using Bulkhead.Config.Diagnostics;

namespace Bulkhead.Config.Checking;

/// <summary>
/// How much of the physical address space the hypervisor maps, so what a system may use.
/// ARM64: the EL2 identity map (unikernel-sdk/arm64/identity-map.inc) and the stage-2 IPA size
/// (hv-arm64/Stage2.cs) both cover the CPU's physical address range capped at 40 bits (1 TiB).
/// x86-64: the boot identity map (hv-x86/boot/entry.S) covers the low 4 GiB.
/// </summary>
public static class AddressSpace
{
    public const int Arm64Bits = 40;
    public const int X64Bits = 32;

    public static ulong Limit(Board board) => 1UL << (board.IsX86 ? X64Bits : Arm64Bits);

    public static string Describe(Board board) => board.IsX86
        ? "the x86-64 hypervisor maps the low 4 GiB"
        : "the ARM64 hypervisor maps up to 1 TiB (40 bits; less on a CPU with a smaller physical address range)";

    public static bool Covers(Board board, AddressRange range) => !range.Wraps && range.End <= Limit(board);

    /// <summary>The devices the hypervisor itself drives (console, interrupt controller) must be mapped too.</summary>
    public static void Run(CheckContext ctx)
    {
        var board = ctx.Board;
        var at = ctx.System.Config.Board!.At;
        void Check(string what, ulong address)
        {
            if (address == 0 || address < Limit(board)) return;
            ctx.Bag.Error(Codes.OutsideAddressSpace, at, "board", $"board '{board.Id}' puts {what} at 0x{address:X}, beyond what the hypervisor can map: {Describe(board)}",
                $"Check {Checker.DisplayPath(board.File)}: the hypervisor cannot reach that device on this board");
        }
        Check("the console UART", board.ConsoleBase);
        Check("the GIC distributor", board.GicDistributor);
        Check("the GIC CPU interface", board.GicCpuInterface);
        Check("the GIC hypervisor interface", board.GicHypInterface);
        Check("the GIC virtual CPU interface", board.GicVirtualCpuInterface);
        Check("the GIC redistributors", board.GicRedistributors);
    }
}
