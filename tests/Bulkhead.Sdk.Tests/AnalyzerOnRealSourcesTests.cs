using Bulkhead.Build;
using Microsoft.CodeAnalysis;
using static Bulkhead.Sdk.Tests.AnalyzerHarness;

namespace Bulkhead.Sdk.Tests;

/// <summary>
/// The analyzer will run in the native build: the hypervisor, the guest runtime and the example
/// services, which all work on the target, must pass it without a single BH diagnostic.
/// </summary>
public class AnalyzerOnRealSourcesTests
{
    [Fact]
    public void Example_services_and_the_guest_runtime_are_clean()
    {
        foreach (var service in Directory.GetDirectories(Path.Combine(Repo.Root, "examples")).Where(d => RepoLayout.CSharpFiles(d).Any()))
        {
            var sources = RepoLayout.CSharpFiles(Path.Combine(Repo.HvCore, "Abi"))
                .Concat(HypervisorBuild.SharedCSharp(Repo, TargetArch.Arm64))
                .Concat(RepoLayout.CSharpFiles(Path.Combine(Repo.Root, "unikernel-sdk", "guest")))
                .Concat(RepoLayout.CSharpFiles(Path.Combine(Repo.Root, "unikernel-sdk", "guest-arm64")))
                .Concat(RepoLayout.CSharpFiles(Path.Combine(Repo.Root, "unikernel-sdk", "ide")))
                .Concat(RepoLayout.CSharpFiles(service));
            AssertClean(Path.GetFileName(service), sources);
        }
    }

    [Fact]
    public void The_hypervisor_is_clean()
    {
        var sources = RepoLayout.CSharpFiles(Repo.HvCore)
            .Concat(HypervisorBuild.SharedCSharp(Repo, TargetArch.Arm64))
            .Concat(RepoLayout.CSharpFiles(Repo.HvArm64));
        AssertClean("hv-arm64", sources, generatedStandIns: "namespace Bulkhead.Generated { }");
    }

    private static void AssertClean(string what, IEnumerable<string> files, string? generatedStandIns = null)
    {
        var trees = Parse(files).ToList();
        if (generatedStandIns != null)
            trees.Add(Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(generatedStandIns, AnalyzerHarness.ParseOptions, "Generated.cs"));
        var diagnostics = Analyze(BareMetal(trees));
        Assert.True(diagnostics.Count == 0, $"{what}:\n{string.Join("\n", diagnostics)}");
    }
}
