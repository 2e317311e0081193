using Bulkhead.Build;

namespace Bulkhead.X86.Tests;

/// <summary>
/// Builds the SDK's example services (examples/*/Program.cs, unchanged) for x86-64 with the x64
/// guest runtime prototype in guest-x64/ (the counterpart of unikernel-sdk/guest-arm64; it moves
/// to unikernel-sdk/guest-x64, where GuestBuild looks for it). Same pipeline as GuestBuild.Spec.
/// </summary>
public static class SdkGuests
{
    public static string Runtime => Path.Combine(X86Images.Repo.Root, "tests", "Bulkhead.X86.Tests", "guest-x64");

    public static NativeImageSpec Spec(GuestService service, GuestTarget target, string outputDirectory)
    {
        var repo = X86Images.Repo;
        string boot = Path.Combine(Runtime, "boot");
        var sources = RepoLayout.CSharpFiles(repo.CoreLibrary)
            .Concat(RepoLayout.CSharpFiles(Path.Combine(repo.HvCore, "Abi")))
            .Concat(HypervisorBuild.SharedCSharp(repo, TargetArch.X64))
            .Concat(RepoLayout.CSharpFiles(Path.Combine(repo.Root, "unikernel-sdk", "guest")))
            .Concat(RepoLayout.CSharpFiles(Runtime))
            .Concat(service.Sources.Select(Path.GetFullPath))
            .ToList();
        return new NativeImageSpec
        {
            Name = "guest",
            Arch = TargetArch.X64,
            CSharpSources = sources,
            AsmSources = Directory.GetFiles(boot, "*.S").Order(StringComparer.Ordinal).ToList(),
            IncludeDirectories = [boot],
            LinkerScript = Path.Combine(boot, "link.ld"),
            LinkerSymbols = new Dictionary<string, ulong>
            {
                ["__load_address"] = target.LoadAddress,
                ["__ram_base"] = target.RamBase,
                ["__ram_end"] = target.RamBase + target.RamSize,
            },
            GeneratedSources = new Dictionary<string, string> { ["GuestConfig.g.cs"] = GuestBuild.GuestConfigSource(service, target) },
            OutputDirectory = outputDirectory,
            CompileCacheDirectory = Path.Combine(repo.OutputRoot, "cache"),
        };
    }

    /// <summary>The flat image of examples/&lt;name&gt; (or tests/guests/&lt;name&gt;) linked for [ramBase, ramBase + ramSize).</summary>
    public static byte[] Example(string name, ulong ramBase, ulong ramSize)
    {
        var repo = X86Images.Repo;
        string folder = Path.Combine(repo.Root, "examples", name);
        if (!Directory.Exists(folder)) folder = Path.Combine(repo.Root, "tests", "guests", name);
        var service = new GuestService(name, Directory.GetFiles(folder, "*.cs").Order(StringComparer.Ordinal).ToList());
        var target = new GuestTarget
        {
            Arch = TargetArch.X64, LoadAddress = ramBase, RamBase = ramBase, RamSize = ramSize,
            GicVersion = 0, GicDistributor = 0, TimerVirtualIntId = 27,
        };
        string output = Path.Combine(repo.OutputRoot, "x86-guests", $"{name}-{ramBase:x}");
        var image = new NativeBuilder(Toolchain.Locate()).Build(Spec(service, target, output));
        return File.ReadAllBytes(image.RawBinary);
    }
}
