using System.Collections.Immutable;
using Bulkhead.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using static Bulkhead.Sdk.Tests.AnalyzerHarness;

namespace Bulkhead.Sdk.Tests;

/// <summary>The analyzer fires only on bare-metal compilations, unless a flag says otherwise.</summary>
public class AnalyzerScopeTests
{
    private const string HostCode = "public static class P { public static int F(int x) { try { if (x < 0) throw new System.Exception(); } finally { } return x; } }";

    private static CSharpCompilation HostCompilation()
    {
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p) is "System.Runtime.dll" or "System.Private.CoreLib.dll")
            .Select(p => MetadataReference.CreateFromFile(p));
        return CSharpCompilation.Create("host", [CSharpSyntaxTree.ParseText(HostCode, AnalyzerHarness.ParseOptions)], references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
    }

    [Fact]
    public void Host_projects_get_no_diagnostics()
    {
        var host = HostCompilation();
        Assert.Empty(host.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        Assert.False(BareMetalScope.IsBuiltOnCoreLibrary(host));
        Assert.Empty(Analyze(host));
    }

    [Fact]
    public void Core_library_compilations_are_detected() =>
        Assert.True(BareMetalScope.IsBuiltOnCoreLibrary(BareMetal("public static class P { }")));

    [Theory]
    [InlineData(BareMetalScope.ConfigKey)]
    [InlineData(BareMetalScope.BuildProperty)]
    public void A_flag_forces_the_analyzer_on(string key) =>
        Assert.Equal(["BH1002@try", "BH1001@throw"], Describe(Analyze(HostCompilation(), Flag(key, "true"))));

    [Fact]
    public void A_flag_forces_the_analyzer_off() =>
        Assert.Empty(Analyze(BareMetal("public static class P { static void F() { throw null; } }"), Flag(BareMetalScope.ConfigKey, "false")));

    private static AnalyzerOptions Flag(string key, string value) =>
        new([], new GlobalOptionsProvider(new Dictionary<string, string> { [key] = value }));

    private sealed class GlobalOptionsProvider(Dictionary<string, string> values) : AnalyzerConfigOptionsProvider
    {
        public override AnalyzerConfigOptions GlobalOptions { get; } = new Options(values);
        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => new Options([]);
        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => new Options([]);
    }

    private sealed class Options(Dictionary<string, string> values) : AnalyzerConfigOptions
    {
        public override bool TryGetValue(string key, out string value) => values.TryGetValue(key, out value!);
    }
}
