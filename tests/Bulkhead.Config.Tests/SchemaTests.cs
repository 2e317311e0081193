using System.Text.Json;
using System.Text.RegularExpressions;
using Bulkhead.Config.Diagnostics;
using Bulkhead.Config.Systems;
using Bulkhead.Config.Yaml;

namespace Bulkhead.Config.Tests;

/// <summary>The published JSON schema names exactly the fields the loader accepts.</summary>
public class SchemaTests
{
    /// <summary>Asks the loader which fields it allows at a place, via its BH010 "allowed fields" hint.</summary>
    static string[] LoaderFields(string yaml, string path)
    {
        var bag = new DiagnosticBag();
        var root = YamlLoader.ParseMapping(yaml, "probe.yaml", bag, "system");
        SystemLoader.Read(root!, "probe.yaml", Path.Combine(TestPaths.Repo, "probe.yaml"), bag);
        var d = bag.Items.Single(x => x.Code == Codes.UnknownField && x.Path == path + "zzzzzzzzzz");
        var list = Regex.Match(d.Fix, "are: (.*)$").Groups[1].Value;
        return list.Split(", ").Order(StringComparer.Ordinal).ToArray();
    }

    static string[] SchemaFields(params string[] pointer)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestPaths.Repo, "docs", "schema", "system.schema.json")));
        var e = doc.RootElement;
        foreach (var p in pointer) e = e.GetProperty(p);
        return e.GetProperty("properties").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToArray();
    }

    [Fact]
    public void Schema_and_loader_agree_on_every_field()
    {
        Assert.Equal(SchemaFields(), LoaderFields("board: x\ndomains: []\nzzzzzzzzzz: 1\n", ""));
        Assert.Equal(SchemaFields("$defs", "domain"), LoaderFields("board: x\ndomains:\n  - { zzzzzzzzzz: 1 }\n", "domains[0]."));
        Assert.Equal(SchemaFields("$defs", "channel"), LoaderFields("board: x\ndomains: []\nchannels:\n  - { zzzzzzzzzz: 1 }\n", "channels[0]."));
        Assert.Equal(SchemaFields("$defs", "waiver"), LoaderFields("board: x\ndomains: []\nwaivers:\n  - { zzzzzzzzzz: 1 }\n", "waivers[0]."));
        Assert.Equal(SchemaFields("$defs", "network"), LoaderFields("board: x\ndomains: []\nnetwork: { zzzzzzzzzz: 1 }\n", "network."));
        Assert.Equal(SchemaFields("$defs", "networkClient"), LoaderFields("board: x\ndomains: []\nnetwork: { clients: [{ zzzzzzzzzz: 1 }] }\n", "network.clients[0]."));
        Assert.Equal(SchemaFields("$defs", "region"), LoaderFields("board: x\ndomains:\n  - { memory: [{ zzzzzzzzzz: 1 }] }\n", "domains[0].memory[0]."));
    }
}
