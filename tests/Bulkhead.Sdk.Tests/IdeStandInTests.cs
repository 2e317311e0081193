using System.Xml.Linq;
using Bulkhead.Build;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Bulkhead.Sdk.Tests;

/// <summary>
/// The IDE project must see what the native build compiles. unikernel-sdk/ide/GuestConfig.Ide.cs
/// stands in for the generated GuestConfig.g.cs (same members, names and types, constants where
/// the generator has constants and properties where it reads the domain's link-time data), and
/// Bulkhead.Service.targets includes the same SDK folders as GuestBuild.Spec.
/// </summary>
public class IdeStandInTests
{
    private static readonly BoardFacts Gicv3Board = new()
    {
        Id = "qemu-virt-gicv3", UartBase = 0x9000000, InterruptController = InterruptControllerType.GicV3,
        GicDistributor = 0x8000000, GicRedistributors = 0x80a0000, GicRedistributorStride = 0x20000,
    };

    [Fact]
    public void Ide_stand_in_declares_the_board_constants_the_native_build_generates()
    {
        string generated = BoardConstants.Source(Gicv3Board) + BoardConstants.GuestSeams(Gicv3Board);
        string standIn = File.ReadAllText(Path.Combine(AnalyzerHarness.Repo.Root, "unikernel-sdk", "ide", "BoardConfig.Ide.cs"));
        Assert.Equal(Members(generated), Members(standIn));
        Assert.Contains(BoardConstants.GuestSeams(Gicv3Board).Trim().Split('\n')[^1], standIn);
    }

    [Fact]
    public void Ide_stand_in_declares_what_the_native_build_generates()
    {
        string generated = GuestBuild.GuestConfigSource(new GuestService("x", []),
            new GuestTarget { Board = Gicv3Board, LoadAddress = 0x40000000, RamBase = 0x40000000, RamSize = 0x1000000 });
        string standIn = File.ReadAllText(Path.Combine(AnalyzerHarness.Repo.Root, "unikernel-sdk", "ide", "GuestConfig.Ide.cs"));
        Assert.Equal(Members(generated), Members(standIn));
    }

    [Fact]
    public void Ide_project_compiles_the_same_sdk_sources_as_the_guest_build()
    {
        var repo = AnalyzerHarness.Repo;
        var spec = GuestBuild.Spec(repo, new GuestService("x", []),
            new GuestTarget { Board = Gicv3Board, LoadAddress = 0x40000000, RamBase = 0x40000000, RamSize = 0x1000000 },
            Path.GetTempPath());
        var native = spec.CSharpSources.Select(f => Path.GetRelativePath(repo.Root, f).Replace('\\', '/')).ToHashSet();

        // "$(BulkheadSdkRoot)unikernel-sdk/guest/**/*.cs" -> "unikernel-sdk/guest/"
        var targets = XDocument.Load(Path.Combine(repo.Root, "unikernel-sdk", "ide", "Bulkhead.Service.targets"));
        var folders = targets.Descendants().Where(e => e.Name.LocalName == "Compile")
            .Select(e => e.Attribute("Include")!.Value.Replace("$(BulkheadSdkRoot)", ""))
            .Select(i => i[..i.IndexOf('*')])
            .Where(f => f != "unikernel-sdk/ide/")
            .ToList();

        Assert.All(native, f => Assert.Contains(folders, folder => f.StartsWith(folder, StringComparison.Ordinal)));
        Assert.All(folders, folder => Assert.Contains(native, f => f.StartsWith(folder, StringComparison.Ordinal)));
    }

    // "GuestConfig.Native: const bool", "GuestConfig.RamBase: ulong" (a property: link-time data), "ServiceEntry.Run()", ... sorted.
    private static List<string> Members(string source) =>
        CSharpSyntaxTree.ParseText(source).GetRoot().DescendantNodes().OfType<MemberDeclarationSyntax>()
            .SelectMany(m => m switch
            {
                FieldDeclarationSyntax f => f.Declaration.Variables.Select(v => $"{((ClassDeclarationSyntax)f.Parent!).Identifier}.{v.Identifier}: {(f.Modifiers.Any(SyntaxKind.ConstKeyword) ? "const " : "")}{f.Declaration.Type}"),
                PropertyDeclarationSyntax p => [$"{((ClassDeclarationSyntax)p.Parent!).Identifier}.{p.Identifier}: {p.Type}"],
                MethodDeclarationSyntax me => [$"{((ClassDeclarationSyntax)me.Parent!).Identifier}.{me.Identifier}()"],
                _ => [],
            })
            .Order(StringComparer.Ordinal).ToList();
}
