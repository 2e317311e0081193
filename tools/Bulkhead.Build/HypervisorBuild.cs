namespace Bulkhead.Build;

/// <summary>Assembles the spec of the hypervisor image for a board: core library + hv-core + hv-&lt;arch&gt;.</summary>
public static class HypervisorBuild
{
    public static NativeImageSpec Spec(RepoLayout repo, HypervisorTarget target, HypervisorOptions? options = null, Payload? payload = null)
    {
        options ??= new HypervisorOptions();
        string output = Path.Combine(repo.OutputRoot, options.Flavor ?? target.Board);
        payload ??= Payload.Empty(output);
        string arch = target.Arch == TargetArch.Arm64 ? repo.HvArm64 : repo.HvX86;
        var sources = RepoLayout.CSharpFiles(repo.HvCore)
            .Concat(RepoLayout.CSharpFiles(arch))
            .Concat(options.ExtraSources.Select(Path.GetFullPath));
        var spec = ArchImage.Spec(repo, "hv", target.Arch, arch, $"board '{target.Board}': the {target.Arch} hypervisor backend", sources,
            target.LoadAddress, target.RamBase, target.RamSize, output);
        spec = spec with
        {
            LinkerSymbols = new Dictionary<string, ulong>(spec.LinkerSymbols) { ["__uart_base"] = target.UartBase },
            GeneratedSources = new Dictionary<string, string>
            {
                [BoardConstants.FileName] = BoardConstants.Source(target.Facts, options.InjectFault),
                [BoardConstants.SeamsFileName] = BoardConstants.HypervisorSeams(target.Facts),
            },
            GeneratedAsm = target.Arch == TargetArch.Arm64
                ? new Dictionary<string, string> { ["payload.S"] = payload.AssemblySource(), [ConsoleDrivers.EarlyConsoleFileName] = ConsoleDrivers.EarlyPutcSource(target.Facts) }
                : new Dictionary<string, string> { ["payload.S"] = payload.AssemblySource() },
            ExtraInputs = payload.Files.ToList(),
            // The plan and the guest images are linked in (payload.S), never compiled: every system on
            // a board (and the bare hypervisor of that board) shares one csc + ilc of the hypervisor.
            CompileCacheDirectory = Path.Combine(repo.OutputRoot, "cache"),
        };
        // The payload accessors are assembly: x86-64 needs its own flavour of them.
        return X86BootMedia.WithX64Payload(spec, payload);
    }

    /// <summary>The architecture's runtime assembly every image links (write barriers, stack canary).</summary>
    public static IEnumerable<string> SharedAsm(RepoLayout repo, TargetArch arch)
    {
        string dir = repo.SdkArch(arch);
        return Directory.Exists(dir) ? Directory.GetFiles(dir, "*.S") : [];
    }

    /// <summary>C# shared by the hypervisor and guests of one architecture (e.g. the trap frame).</summary>
    public static IEnumerable<string> SharedCSharp(RepoLayout repo, TargetArch arch)
    {
        string dir = repo.SdkArch(arch);
        return Directory.Exists(dir) ? RepoLayout.CSharpFiles(dir) : [];
    }
}
