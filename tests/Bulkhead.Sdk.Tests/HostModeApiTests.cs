using System.Xml.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Bulkhead.Sdk.Tests;

/// <summary>
/// Host mode (docs/host-mode.md) keeps the guest API: a correct service compiles unchanged against
/// unikernel-sdk/host/. These tests read both sources (Roslyn syntax, no build) and fail when a public
/// type or member of the guest API is missing or different on the host, when the host's GuestConfig
/// stand-in drifts from the IDE's, or when the template's test project pins other package versions
/// than the checkout.
/// </summary>
public class HostModeApiTests
{
    private static readonly string Sdk = Path.Combine(AnalyzerHarness.Repo.Root, "unikernel-sdk");

    /// <summary>Guest files the host build compiles as they are (unikernel-sdk/host/Bulkhead.Host.targets).</summary>
    private static bool ReusedOnHost(string guestFile)
    {
        string relative = Path.GetRelativePath(Path.Combine(Sdk, "guest"), guestFile).Replace('\\', '/');
        return relative is "Connection.cs" or "MessageRingWriter.cs" or "MessageRingReader.cs" or "Management/ManagedDomain.cs" or "TimerCallbacks.cs" || relative.StartsWith("Net/", StringComparison.Ordinal) && relative != "Net/NetworkInterface.cs"
               || relative.StartsWith("Rings/", StringComparison.Ordinal) && relative is not ("Rings/RingFence.cs" or "Rings/RingIdle.cs");
    }

    [Fact]
    public void The_host_has_every_public_type_and_member_of_the_guest_api_with_the_same_signature()
    {
        var guestFiles = RepoFiles("guest").ToList();
        var guest = Surface(guestFiles);
        var host = Surface(Directory.GetFiles(Path.Combine(Sdk, "host"), "*.cs").Concat(guestFiles.Where(ReusedOnHost)));

        Assert.Contains("Bulkhead.Guest.Console.WriteLine(string):void static", guest);   // the reader sees the API
        Assert.Contains("Bulkhead.Guest.Connection.Open(int,out Connection):bool static", guest);
        var missing = guest.Except(host).ToList();
        Assert.True(missing.Count == 0, "guest API missing or different on the host (unikernel-sdk/host/):\n  " + string.Join("\n  ", missing));
        // The host adds nothing to Bulkhead.Guest that a service could use and then not build for the guest.
        var extra = host.Except(guest).ToList();
        Assert.True(extra.Count == 0, "host-only public API in Bulkhead.Guest (put it in Bulkhead.Host):\n  " + string.Join("\n  ", extra));
    }

    [Fact]
    public void The_hosts_GuestConfig_has_every_member_of_the_ide_stand_in()
    {
        // The IDE stand-in mirrors the generator (IdeStandInTests); the host's may run ahead of it
        // (network constants before the network branch lands), never behind.
        var ide = Members(Path.Combine(Sdk, "ide", "GuestConfig.Ide.cs"), "GuestConfig");
        var host = Members(Path.Combine(Sdk, "host", "GuestConfig.Host.cs"), "GuestConfig");
        Assert.Contains("const bool Native", ide);
        Assert.Contains("ulong RamBase", ide);
        var missing = ide.Except(host).ToList();
        Assert.True(missing.Count == 0, "GuestConfig members missing in unikernel-sdk/host/GuestConfig.Host.cs: " + string.Join(", ", missing));
    }

    [Fact]
    public void The_template_test_project_pins_the_checkouts_package_versions()
    {
        var pinned = XDocument.Load(Path.Combine(AnalyzerHarness.Repo.Root, "Directory.Packages.props")).Descendants("PackageVersion")
            .ToDictionary(e => (string)e.Attribute("Include")!, e => (string)e.Attribute("Version")!);
        var references = XDocument.Load(Path.Combine(Sdk, "templates", "service", "BulkheadService.Tests", "BulkheadService.Tests.csproj"))
            .Descendants("PackageReference").ToList();
        Assert.NotEmpty(references);
        foreach (var r in references)
        {
            string name = (string)r.Attribute("Include")!;
            Assert.True(pinned.TryGetValue(name, out string? version), $"{name} is not in Directory.Packages.props");
            Assert.Equal(version, (string?)r.Attribute("Version"));
        }
    }

    private static IEnumerable<string> RepoFiles(string folder) =>
        Directory.EnumerateFiles(Path.Combine(Sdk, folder), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains("/bin/") && !f.Contains("/obj/"));

    /// <summary>Every public type in Bulkhead.Guest and its public members, one normalised line each.</summary>
    private static SortedSet<string> Surface(IEnumerable<string> files)
    {
        var lines = new SortedSet<string>(StringComparer.Ordinal);
        foreach (string file in files)
        {
            var root = CSharpSyntaxTree.ParseText(File.ReadAllText(file), AnalyzerHarness.ParseOptions).GetRoot();
            foreach (var type in root.DescendantNodes().OfType<BaseTypeDeclarationSyntax>())
            {
                if (!IsPublic(type.Modifiers) || Namespace(type) != "Bulkhead.Guest") continue;
                string name = $"{Namespace(type)}.{type.Identifier.Text}";
                lines.Add($"{name} {type.Kind()}{(type.Modifiers.Any(SyntaxKind.StaticKeyword) ? " static" : "")}");
                if (type is EnumDeclarationSyntax e)
                    foreach (var m in e.Members) lines.Add($"{name}.{m.Identifier.Text} = {m.EqualsValue?.Value}");
                if (type is not TypeDeclarationSyntax t) continue;
                foreach (var member in t.Members)
                    if (IsPublic(member.Modifiers)) lines.Add($"{name}.{Describe(member)}");
            }
        }
        return lines;
    }

    private static string Describe(MemberDeclarationSyntax member)
    {
        string mods = member.Modifiers.Any(SyntaxKind.StaticKeyword) ? " static" : "";
        return member switch
        {
            MethodDeclarationSyntax m => $"{m.Identifier.Text}{m.TypeParameterList}({Parameters(m.ParameterList)}):{Norm(m.ReturnType)}{mods}{Norm(m.ConstraintClauses)}",
            PropertyDeclarationSyntax p => $"{p.Identifier.Text}:{Norm(p.Type)}{mods} {Accessors(p)}",
            FieldDeclarationSyntax f => $"{string.Join(",", f.Declaration.Variables.Select(v => v.Identifier.Text + (f.Modifiers.Any(SyntaxKind.ConstKeyword) ? "=" + Norm(v.Initializer?.Value) : "")))}:{Norm(f.Declaration.Type)}{mods}{(f.Modifiers.Any(SyntaxKind.ConstKeyword) ? " const" : "")}",
            ConstructorDeclarationSyntax c => $".ctor({Parameters(c.ParameterList)}){mods}",
            BaseTypeDeclarationSyntax nested => $"nested {nested.Identifier.Text}",
            _ => member.Kind().ToString(),
        };
    }

    private static string Accessors(PropertyDeclarationSyntax p) =>
        p.ExpressionBody != null ? "get"
        : string.Join(";", p.AccessorList!.Accessors.Where(a => !a.Modifiers.Any(m => m.IsKind(SyntaxKind.PrivateKeyword) || m.IsKind(SyntaxKind.InternalKeyword))).Select(a => a.Keyword.Text));

    private static string Parameters(ParameterListSyntax list) =>
        string.Join(",", list.Parameters.Select(p => string.Join(" ", p.Modifiers.Select(m => m.Text).Append(Norm(p.Type))) + (p.Default is { } d ? "=" + Norm(d.Value) : "")));

    private static string Norm(SyntaxNode? node) => node is null ? "" : string.Concat(node.ToString().Where(c => !char.IsWhiteSpace(c)));
    private static string Norm<T>(SyntaxList<T> nodes) where T : SyntaxNode => string.Concat(nodes.Select(n => " " + Norm(n)));

    private static bool IsPublic(SyntaxTokenList modifiers) => modifiers.Any(SyntaxKind.PublicKeyword);

    private static string Namespace(SyntaxNode node) =>
        node.Ancestors().OfType<BaseNamespaceDeclarationSyntax>().FirstOrDefault()?.Name.ToString() ?? "";

    private static SortedSet<string> Members(string file, string typeName)
    {
        var root = CSharpSyntaxTree.ParseText(File.ReadAllText(file), AnalyzerHarness.ParseOptions).GetRoot();
        var type = root.DescendantNodes().OfType<ClassDeclarationSyntax>().Single(c => c.Identifier.Text == typeName);
        // A constant stays a constant (a service may use it in a constant context); a property or
        // field reads the domain's value (link-time data in the native build).
        return new SortedSet<string>(type.Members.OfType<FieldDeclarationSyntax>()
            .SelectMany(f => f.Declaration.Variables.Select(v => $"{(f.Modifiers.Any(SyntaxKind.ConstKeyword) ? "const " : "")}{Norm(f.Declaration.Type)} {v.Identifier.Text}"))
            .Concat(type.Members.OfType<PropertyDeclarationSyntax>().Select(p => $"{Norm(p.Type)} {p.Identifier.Text}")), StringComparer.Ordinal);
    }
}
