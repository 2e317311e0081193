namespace Bulkhead.Build;

/// <summary>Where things live in the Bulkhead repository. The folder layout is the architecture.</summary>
public sealed class RepoLayout(string root)
{
    public string Root { get; } = Path.GetFullPath(root);
    public string CoreLibrary => Path.Combine(Root, "unikernel-sdk", "corelib");
    /// <summary>The rich C# profile's additions to the core library (compiled into rich guests only).</summary>
    public string RichCoreLibrary => Path.Combine(Root, "unikernel-sdk", "corelib-rich");
    public string HvCore => Path.Combine(Root, "hv-core");
    /// <summary>Assembly shared by the hypervisor and guests of one architecture (runtime.S, macros).</summary>
    public string SdkArch(TargetArch arch) => Path.Combine(Root, "unikernel-sdk", arch == TargetArch.Arm64 ? "arm64" : "x64");
    public string HvArm64 => Path.Combine(Root, "hv-arm64");
    public string HvX86 => Path.Combine(Root, "hv-x86");
    public string Boards => Path.Combine(Root, "boards");
    public string OutputRoot => Path.Combine(Root, "out");

    /// <summary>The repository containing <paramref name="start"/> (or the current directory).</summary>
    public static RepoLayout Find(string? start = null)
    {
        string? dir = Path.GetFullPath(start ?? Environment.CurrentDirectory);
        while (dir != null)
        {
            if (Directory.Exists(Path.Combine(dir, "hv-core")) && Directory.Exists(Path.Combine(dir, "unikernel-sdk")))
                return new RepoLayout(dir);
            dir = Path.GetDirectoryName(dir);
        }
        // Fall back to the folder the tool was built from (tools/Bulkhead/bin/...).
        dir = AppContext.BaseDirectory;
        while (dir != null)
        {
            if (Directory.Exists(Path.Combine(dir, "hv-core")) && Directory.Exists(Path.Combine(dir, "unikernel-sdk")))
                return new RepoLayout(dir);
            dir = Path.GetDirectoryName(dir);
        }
        throw new BuildException("Not inside a Bulkhead repository (no hv-core/ and unikernel-sdk/ folders above the current directory).");
    }

    /// <summary>
    /// All C# files below a folder, in a stable order, skipping build output and sub-folders that are
    /// projects of their own (a .csproj there: a service's &lt;name&gt;.Tests/ runs on the host, never in the image).
    /// </summary>
    public static IEnumerable<string> CSharpFiles(string folder) =>
        Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}")
                     && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}")
                     && !InSubProject(folder, f))
            .Order(StringComparer.Ordinal);

    private static bool InSubProject(string root, string file)
    {
        string top = Path.GetFullPath(root).TrimEnd(Path.DirectorySeparatorChar);
        for (string? dir = Path.GetDirectoryName(Path.GetFullPath(file)); dir != null && dir.Length > top.Length; dir = Path.GetDirectoryName(dir))
            if (Directory.EnumerateFiles(dir, "*.csproj").Any()) return true;
        return false;
    }
}
