namespace Bulkhead.Build;

/// <summary>
/// What every bare-metal image of an architecture has in common, hypervisor or guest: the core
/// library, the C# and assembly shared per architecture (unikernel-sdk/&lt;arch&gt;), the image's own
/// boot folder (assembly, link.ld), the load/RAM linker symbols and the SDK analyzer.
/// </summary>
internal static class ArchImage
{
    /// <param name="codeFolder">the image's own C# folder; its boot/ subfolder holds the assembly and link.ld</param>
    /// <param name="sources">the image's C# beyond the core library and the shared per-architecture C#</param>
    /// <param name="missing">what to call the code folder when it has no link.ld yet (for the error)</param>
    public static NativeImageSpec Spec(RepoLayout repo, string name, TargetArch arch, string codeFolder, string missing,
        IEnumerable<string> sources, ulong loadAddress, ulong ramBase, ulong ramSize, string outputDirectory)
    {
        string boot = Path.Combine(codeFolder, "boot");
        if (!File.Exists(Path.Combine(boot, "link.ld")))
            throw new BuildException($"{missing} ({Path.GetRelativePath(repo.Root, codeFolder)}) is not available yet.");
        return new NativeImageSpec
        {
            Name = name,
            Arch = arch,
            CSharpSources = RepoLayout.CSharpFiles(repo.CoreLibrary)
                .Concat(HypervisorBuild.SharedCSharp(repo, arch))
                .Concat(sources)
                .ToList(),
            AsmSources = Directory.GetFiles(boot, "*.S").Concat(HypervisorBuild.SharedAsm(repo, arch)).Order(StringComparer.Ordinal).ToList(),
            IncludeDirectories = [boot, repo.SdkArch(arch)],
            LinkerScript = Path.Combine(boot, "link.ld"),
            LinkerSymbols = new Dictionary<string, ulong>
            {
                ["__load_address"] = loadAddress,
                ["__ram_base"] = ramBase,
                ["__ram_end"] = ramBase + ramSize,
            },
            Analyzers = [SdkAnalyzer.Locate(repo, TextWriter.Null)],
            OutputDirectory = outputDirectory,
        };
    }
}
