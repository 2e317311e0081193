using Bulkhead.Build;

namespace Bulkhead.Systems;

/// <summary>Builds the hypervisor image for a board (shared by build, run, demo).</summary>
public static class ImageBuilder
{
    public static (NativeImage Image, Config.Boards.Board Board) BuildHypervisor(RepoLayout repo, string board, bool injectFault, TextWriter log)
    {
        var boardInfo = BoardTargets.LoadBoard(repo, board);
        var target = BoardTargets.ToHypervisorTarget(boardInfo);
        var options = new HypervisorOptions
        {
            InjectFault = injectFault,
            Flavor = injectFault ? target.Board + "-fault" : null,
        };
        log.WriteLine($"build: hypervisor for {target.Board}");
        var image = new NativeBuilder(Toolchain.Locate(), log).Build(HypervisorBuild.Spec(repo, target, options));
        return (image, boardInfo);
    }
}
