using System.Reflection;

namespace Bulkhead.Build;

/// <summary>
/// Finds the tools of the native pipeline: Roslyn (from the .NET SDK), ILCompiler (from the NuGet
/// package cache, version pinned in Directory.Packages.props), clang, ld.lld and llvm-objcopy
/// (Debian packages). A missing tool is an error that names the package to install.
/// </summary>
public sealed class Toolchain
{
    public required string Dotnet { get; init; }
    public required string Csc { get; init; }
    public required string Ilc { get; init; }
    public required string Clang { get; init; }
    public required string Lld { get; init; }
    public required string Objcopy { get; init; }
    public required string IlcVersion { get; init; }

    /// <summary>The Debian packages the pipeline needs (apt-get install ...).</summary>
    public static readonly string[] DebianPackages = ["clang", "lld", "llvm"];

    public static string PinnedIlcVersion =>
        typeof(Toolchain).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .First(a => a.Key == "BulkheadIlcVersion").Value!;

    /// <param name="searchPath">directories to search, ':'-separated (default: $PATH)</param>
    public static Toolchain Locate(string? searchPath = null)
    {
        string dotnet = FindOnPath("dotnet", searchPath) ?? throw new BuildException("dotnet is not on PATH: install the .NET 10 SDK.");
        string ilcVersion = PinnedIlcVersion;
        return new Toolchain
        {
            Dotnet = dotnet,
            Csc = FindCsc(dotnet),
            Ilc = FindIlc(ilcVersion),
            Clang = Require("clang", "clang", searchPath),
            Lld = Require("ld.lld", "lld", searchPath),
            Objcopy = Require("llvm-objcopy", "llvm", searchPath),
            IlcVersion = ilcVersion,
        };
    }

    private static string Require(string tool, string debianPackage, string? searchPath) =>
        FindOnPath(tool, searchPath) ?? throw new BuildException(
            $"'{tool}' was not found on PATH. Install it with: apt-get install -y {debianPackage}  (or run ./bulkhead setup as root)");

    public static string? FindOnPath(string tool, string? searchPath = null)
    {
        foreach (var dir in (searchPath ?? Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(dir, tool);
            if (File.Exists(candidate)) return Path.GetFullPath(candidate);
        }
        return null;
    }

    private static string FindCsc(string dotnet)
    {
        // dotnet may be a symlink (/usr/bin/dotnet -> /usr/share/dotnet/dotnet): the SDK sits beside the real file.
        string root = Path.GetDirectoryName(new FileInfo(dotnet).ResolveLinkTarget(true)?.FullName ?? dotnet)!;
        string runtimeSdk = Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(typeof(object).Assembly.Location)!)!)!;
        foreach (var sdkRoot in new[] { Path.Combine(root, "sdk"), Path.Combine(Path.GetDirectoryName(runtimeSdk)!, "sdk") }.Distinct())
        {
            if (!Directory.Exists(sdkRoot)) continue;
            var csc = Directory.GetDirectories(sdkRoot)
                .OrderByDescending(d => d, StringComparer.Ordinal)
                .Select(d => Path.Combine(d, "Roslyn", "bincore", "csc.dll"))
                .FirstOrDefault(File.Exists);
            if (csc != null) return csc;
        }
        throw new BuildException($"Roslyn (csc.dll) was not found under the .NET SDK next to {dotnet}: install the .NET 10 SDK.");
    }

    public static string NuGetPackagesRoot =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } p
            ? p
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    private static string FindIlc(string version)
    {
        string ilc = Path.Combine(NuGetPackagesRoot, "runtime.linux-x64.microsoft.dotnet.ilcompiler", version, "tools", "ilc");
        if (!File.Exists(ilc))
            throw new BuildException(
                $"ILCompiler {version} was not found at {ilc}. Restore it with: dotnet restore tools/Bulkhead.Build  (./bulkhead setup does this)");
        if (!OperatingSystem.IsWindows())
        {
            var mode = File.GetUnixFileMode(ilc);
            if ((mode & UnixFileMode.UserExecute) == 0) File.SetUnixFileMode(ilc, mode | UnixFileMode.UserExecute);
        }
        return ilc;
    }
}
