using Bulkhead.Systems;
using Bulkhead.Build;

namespace Bulkhead.Tests;

/// <summary>Builds (once per input change, thanks to the build stamp) the images the tests boot.</summary>
public static class TestImages
{
    private static readonly object Gate = new();
    public static RepoLayout Repo { get; } = RepoLayout.Find(AppContext.BaseDirectory);

    public static string NativeSource(string file) => Path.Combine(Repo.Root, "tests", "Bulkhead.Tests", "native", file);

    public static HypervisorTarget Target(string board) => BoardTargets.ToHypervisorTarget(BoardTargets.LoadBoard(Repo, board));

    public static NativeImage Hypervisor(string board, HypervisorOptions? options = null)
    {
        lock (Gate) // the builds share out/ folders and the two CPU cores
        {
            var spec = HypervisorBuild.Spec(Repo, Target(board), options);
            return new NativeBuilder(Toolchain.Locate()).Build(spec);
        }
    }

    public static NativeImage FaultInjecting(string board) =>
        Hypervisor(board, new HypervisorOptions { InjectFault = true, Flavor = board + "-fault" });

    public static NativeImage SelfTest(string board) =>
        Hypervisor(board, new HypervisorOptions { ExtraSources = [NativeSource("CoreLibSelfTest.cs")], Flavor = board + "-selftest" });
}
