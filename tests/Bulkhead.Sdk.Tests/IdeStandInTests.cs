using Bulkhead.Build;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Bulkhead.Sdk.Tests;

/// <summary>
/// unikernel-sdk/ide/GuestConfig.Ide.cs stands in for the generated GuestConfig.g.cs in IDE
/// projects: it must declare the same constants (names and types) as the generator, or service
/// projects stop compiling in the IDE.
/// </summary>
public class IdeStandInTests
{
    [Fact]
    public void Ide_stand_in_declares_what_the_native_build_generates()
    {
        string generated = GuestBuild.GuestConfigSource(new GuestService("x", []),
            new GuestTarget { LoadAddress = 0x40000000, RamBase = 0x40000000, RamSize = 0x1000000, GicVersion = 3, GicDistributor = 0x8000000 });
        string standIn = File.ReadAllText(Path.Combine(AnalyzerHarness.Repo.Root, "unikernel-sdk", "ide", "GuestConfig.Ide.cs"));
        Assert.Equal(Members(generated), Members(standIn));
    }

    // "GuestConfig.GicVersion: int", "ServiceEntry.Run()", ... sorted.
    private static List<string> Members(string source) =>
        CSharpSyntaxTree.ParseText(source).GetRoot().DescendantNodes().OfType<MemberDeclarationSyntax>()
            .SelectMany(m => m switch
            {
                FieldDeclarationSyntax f => f.Declaration.Variables.Select(v => $"{((ClassDeclarationSyntax)f.Parent!).Identifier}.{v.Identifier}: {f.Declaration.Type}"),
                MethodDeclarationSyntax me => [$"{((ClassDeclarationSyntax)me.Parent!).Identifier}.{me.Identifier}()"],
                _ => [],
            })
            .Order(StringComparer.Ordinal).ToList();
}
