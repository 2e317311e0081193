using System.Security.Cryptography;
using System.Text;

namespace Bulkhead.Build;

/// <summary>
/// The SDK's Roslyn analyzer (unikernel-sdk/analyzers/Bulkhead.Analyzers), which the native build
/// passes to csc (`-analyzer:`) so unsupported C# is reported as BH1xxx errors at build time.
/// </summary>
public static class SdkAnalyzer
{
    /// <summary>The analyzer project's folder.</summary>
    public static string ProjectFolder(RepoLayout repo) => Path.Combine(repo.Root, "unikernel-sdk", "analyzers", "Bulkhead.Analyzers");

    /// <summary>
    /// Path of the analyzer dll, built with `dotnet build -c Release` only when it is missing or
    /// its sources (or the repository's MSBuild settings) changed since the last build.
    /// </summary>
    public static string Locate(RepoLayout repo, TextWriter log)
    {
        string folder = ProjectFolder(repo);
        string project = Path.Combine(folder, "Bulkhead.Analyzers.csproj");
        string dll = Path.Combine(folder, "bin", "Release", "netstandard2.0", "Bulkhead.Analyzers.dll");
        string stateFolder = Path.Combine(repo.OutputRoot, "analyzer");
        Directory.CreateDirectory(stateFolder);
        string stampPath = Path.Combine(stateFolder, "Bulkhead.Analyzers.stamp");

        // Several builds may start at once (parallel tests): one builds, the others wait and reuse.
        using var gate = AcquireLock(Path.Combine(stateFolder, "build.lock"));
        string stamp = SourcesStamp(repo, folder);
        if (File.Exists(dll) && File.Exists(stampPath) && File.ReadAllText(stampPath) == stamp)
            return dll;

        log.WriteLine("  analyzer: dotnet build -c Release (sources changed)");
        File.Delete(stampPath);
        ProcessRunner.RunChecked("building the SDK analyzer (dotnet build)", "dotnet",
            ["build", project, "-c", "Release", "--nologo", "-v", "quiet", "-clp:ErrorsOnly"]);
        if (!File.Exists(dll))
            throw new BuildException($"building the SDK analyzer produced no {dll}");
        File.WriteAllText(stampPath, stamp);
        return dll;
    }

    /// <summary>A hash over the analyzer's .cs and .csproj files and the repository-wide MSBuild files.</summary>
    public static string SourcesStamp(RepoLayout repo, string folder)
    {
        var files = RepoLayout.CSharpFiles(folder)
            .Concat(Directory.GetFiles(folder, "*.csproj").Order(StringComparer.Ordinal))
            .Concat(new[] { "Directory.Build.props", "Directory.Packages.props" }.Select(f => Path.Combine(repo.Root, f)).Where(File.Exists));
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in files)
        {
            sha.AppendData(Encoding.UTF8.GetBytes(Path.GetRelativePath(repo.Root, file) + "\n"));
            sha.AppendData(File.ReadAllBytes(file));
        }
        return Convert.ToHexString(sha.GetHashAndReset());
    }

    private static FileStream AcquireLock(string path)
    {
        var deadline = DateTime.UtcNow.AddMinutes(10);
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(200);
            }
        }
    }
}
