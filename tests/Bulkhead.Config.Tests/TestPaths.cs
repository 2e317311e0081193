using Bulkhead.Config.Boards;

namespace Bulkhead.Config.Tests;

/// <summary>Where the repository, the fixtures and Debian's DTBs are, seen from the test binary.</summary>
public static class TestPaths
{
    public static string Repo { get; } = BoardLocator.FindRepoRoot(AppContext.BaseDirectory)
        ?? throw new InvalidOperationException("repository root (folder with boards/ and hv-core/) not found above the test binary");

    public static string Fixtures => Path.Combine(Repo, "tests", "Bulkhead.Config.Tests", "fixtures");
    public static string Fixture(params string[] parts) => Path.Combine(new[] { Fixtures }.Concat(parts).ToArray());
    public static string Board(string id) => Path.Combine(Repo, "boards", id + ".yaml");
    public static string Example(string name) => Path.Combine(Repo, "examples", "systems", name);

    /// <summary>Debian's extracted arm64 kernel package (tools/setup/fetch-linux-arm64.sh), or null.</summary>
    public static string? LinuxDtbs()
    {
        string root = Environment.GetEnvironmentVariable("BULKHEAD_LINUX_ARM64") is { Length: > 0 } env ? env : Path.Combine(Repo, ".cache", "linux-arm64");
        string lib = Path.Combine(root, "usr", "lib");
        if (!Directory.Exists(lib)) return null;
        return Directory.GetDirectories(lib, "linux-image-*").Order(StringComparer.Ordinal).LastOrDefault();
    }

    /// <summary>The DTB folder; fails with instructions when the package was not fetched.</summary>
    public static string RequireLinuxDtbs() => LinuxDtbs()
        ?? throw new InvalidOperationException("Debian's arm64 DTBs are missing: run tools/setup/fetch-linux-arm64.sh (or set BULKHEAD_LINUX_ARM64)");
}
