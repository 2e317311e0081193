using Bulkhead.Build;
using Microsoft.CodeAnalysis;
using static Bulkhead.Sdk.Tests.AnalyzerHarness;

namespace Bulkhead.Sdk.Tests;

/// <summary>
/// The analyzer will run in the native build: the hypervisor, the guest runtime and every service
/// in the checkout, which all work on the target, must pass it without a single BH diagnostic.
/// </summary>
public class AnalyzerOnRealSourcesTests
{
    // Every service folder in the checkout: examples, test guests, benchmarks, the template.
    public static TheoryData<string> Services()
    {
        var data = new TheoryData<string>();
        foreach (var parent in new[] { "examples", "tests/guests", "bench", "unikernel-sdk/templates" })
        {
            string dir = Path.Combine(Repo.Root, parent);
            if (!Directory.Exists(dir)) continue;
            foreach (var service in Directory.GetDirectories(dir).Order(StringComparer.Ordinal))
                if (File.Exists(Path.Combine(service, "Program.cs"))) data.Add(Path.GetRelativePath(Repo.Root, service));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Services))]
    public void Services_and_the_guest_runtime_are_clean(string folder)
    {
        var sources = RepoLayout.CSharpFiles(Path.Combine(Repo.HvCore, "Abi"))
            .Concat(HypervisorBuild.SharedCSharp(Repo, TargetArch.Arm64))
            .Concat(RepoLayout.CSharpFiles(Path.Combine(Repo.Root, "unikernel-sdk", "guest")))
            .Concat(RepoLayout.CSharpFiles(Path.Combine(Repo.Root, "unikernel-sdk", "guest-arm64")))
            .Concat(RepoLayout.CSharpFiles(Path.Combine(Repo.Root, "unikernel-sdk", "ide")))
            .Concat(RepoLayout.CSharpFiles(Path.Combine(Repo.Root, folder)))
            .Concat(IsRich(folder) ? GuestBuild.RichCSharp(Repo) : []);
        AssertClean(folder, sources, rich: IsRich(folder));
    }

    /// <summary>
    /// Rich services (GC, exceptions, collections: docs/csharp-subset.md) are analyzed as the native
    /// build compiles them, with BULKHEAD_RICH; by convention their folder names say "rich".
    /// </summary>
    private static bool IsRich(string folder) => Path.GetFileName(folder).Contains("rich", StringComparison.Ordinal);

    /// <summary>
    /// BH1015 (a warning for now): the strict services that allocate in a timer, interrupt or channel
    /// callback, all written before the profiles existed (they print numbers from their ticks). The
    /// list may only shrink: a new service that allocates in a callback fails here, and a fixed one
    /// (or one made rich) must be taken off. Empty list: BH1015 can become an error.
    /// </summary>
    private static readonly HashSet<string> s_allocatingInCallbacks = new(StringComparer.Ordinal)
    {
        "examples/sensor", "examples/telemetry", "tests/guests/probe", "tests/guests/witness", "unikernel-sdk/templates/service",
    };

    [Theory]
    [MemberData(nameof(Services))]
    public void Strict_services_allocate_in_callbacks_only_where_known(string folder)
    {
        if (IsRich(folder)) return;
        var sources = RepoLayout.CSharpFiles(Path.Combine(Repo.HvCore, "Abi"))
            .Concat(HypervisorBuild.SharedCSharp(Repo, TargetArch.Arm64))
            .Concat(RepoLayout.CSharpFiles(Path.Combine(Repo.Root, "unikernel-sdk", "guest")))
            .Concat(RepoLayout.CSharpFiles(Path.Combine(Repo.Root, "unikernel-sdk", "guest-arm64")))
            .Concat(RepoLayout.CSharpFiles(Path.Combine(Repo.Root, "unikernel-sdk", "ide")))
            .Concat(RepoLayout.CSharpFiles(Path.Combine(Repo.Root, folder)));
        var found = Analyze(BareMetal(Parse(sources))).Where(d => d.Id == "BH1015").ToList();
        string key = folder.Replace('\\', '/');
        if (s_allocatingInCallbacks.Contains(key))
            Assert.True(found.Count > 0, $"{key} no longer allocates in a callback: take it off the list in AnalyzerOnRealSourcesTests");
        else
            Assert.True(found.Count == 0, $"{key} allocates in a callback (BH1015):\n{string.Join("\n", found)}");
    }

    [Theory]
    [InlineData(TargetArch.Arm64)]
    [InlineData(TargetArch.X64)]
    public void The_hypervisor_is_clean(TargetArch arch)
    {
        string backend = arch == TargetArch.Arm64 ? Repo.HvArm64 : Repo.HvX86;
        var sources = RepoLayout.CSharpFiles(Repo.HvCore)
            .Concat(HypervisorBuild.SharedCSharp(Repo, arch))
            .Concat(RepoLayout.CSharpFiles(backend));
        // The core library self-test image (tests/Bulkhead.Tests) is an ARM64 hypervisor plus this file.
        string selfTest = Path.Combine(Repo.Root, "tests", "Bulkhead.Tests", "native");
        if (arch == TargetArch.Arm64 && Directory.Exists(selfTest)) sources = sources.Concat(RepoLayout.CSharpFiles(selfTest));
        AssertClean(Path.GetFileName(backend), sources, generatedStandIns: "namespace Bulkhead.Generated { }");
    }

    private static void AssertClean(string what, IEnumerable<string> files, string? generatedStandIns = null, bool rich = false)
    {
        var trees = (rich ? files.Select(f => Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(File.ReadAllText(f), AnalyzerHarness.ParseOptions.WithPreprocessorSymbols("BULKHEAD_RICH"), f)).ToList()
                          : Parse(files).ToList());
        if (generatedStandIns != null)
            trees.Add(Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(generatedStandIns, AnalyzerHarness.ParseOptions, "Generated.cs"));
        // BH1015 warnings have their own inventory (Strict_services_allocate_in_callbacks_only_where_known).
        var diagnostics = Analyze(BareMetal(trees)).Where(d => d.Id != "BH1015").ToList();
        Assert.True(diagnostics.Count == 0, $"{what}:\n{string.Join("\n", diagnostics)}");
    }
}
