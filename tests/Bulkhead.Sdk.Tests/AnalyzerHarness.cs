using System.Collections.Immutable;
using Bulkhead.Analyzers;
using Bulkhead.Build;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Bulkhead.Sdk.Tests;

/// <summary>
/// Compiles C# the way the native build does (csc -nostdlib: no references, the core library's
/// sources in the same compilation) and runs every BH1xxx analyzer over it.
/// </summary>
public static class AnalyzerHarness
{
    public static readonly RepoLayout Repo = RepoLayout.Find(AppContext.BaseDirectory);

    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Preview);

    public static readonly ImmutableArray<DiagnosticAnalyzer> Analyzers = typeof(BareMetalAnalyzer).Assembly.GetTypes()
        .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t))
        .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
        .ToImmutableArray();

    // Parsed once: every test compiles its snippet against the same trees.
    private static readonly Lazy<IReadOnlyList<SyntaxTree>> s_coreLibrary = new(() => Parse(RepoLayout.CSharpFiles(Repo.CoreLibrary)));

    public static IReadOnlyList<SyntaxTree> CoreLibrary => s_coreLibrary.Value;

    public static IReadOnlyList<SyntaxTree> Parse(IEnumerable<string> files) =>
        files.Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), ParseOptions, f)).ToList();

    /// <summary>A bare-metal compilation: the core library plus the given sources, no references.</summary>
    public static CSharpCompilation BareMetal(IEnumerable<SyntaxTree> trees) =>
        CSharpCompilation.Create("guest", CoreLibrary.Concat(trees), [],
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true, nullableContextOptions: NullableContextOptions.Enable));

    public static CSharpCompilation BareMetal(string snippet) =>
        BareMetal([CSharpSyntaxTree.ParseText(snippet, ParseOptions, "Snippet.cs")]);

    /// <summary>The BH diagnostics of a compilation, sorted by position.</summary>
    public static IReadOnlyList<Diagnostic> Analyze(Compilation compilation, AnalyzerOptions? options = null)
    {
        var withAnalyzers = compilation.WithAnalyzers(Analyzers, options);
        return withAnalyzers.GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult()
            .Where(d => d.Id.StartsWith("BH", StringComparison.Ordinal))
            .OrderBy(d => d.Location.SourceSpan.Start)
            .ToList();
    }

    /// <summary>The BH diagnostics of a snippet compiled against the core library.</summary>
    public static IReadOnlyList<Diagnostic> Analyze(string snippet) => Analyze(BareMetal(snippet));

    /// <summary>"BH1001@throw" for each diagnostic: the id and the source text it points at.</summary>
    public static IReadOnlyList<string> Describe(IEnumerable<Diagnostic> diagnostics) =>
        diagnostics.Select(d => $"{d.Id}@{d.Location.SourceTree!.GetText().ToString(d.Location.SourceSpan)}").ToList();
}
