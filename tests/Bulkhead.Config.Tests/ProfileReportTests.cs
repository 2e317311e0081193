using System.Text.Json.Nodes;
using Bulkhead.Config.Checking;
using Bulkhead.Config.Reporting;
using Bulkhead.Config.Systems;

namespace Bulkhead.Config.Tests;

/// <summary>'profile:' and 'heap:' reach the partition report, the JSON report and the HTML map; the default profile.</summary>
public class ProfileReportTests
{
    static CheckResult Check(string name)
    {
        var result = Checker.CheckFile(TestPaths.Fixture("valid", name));
        Assert.Empty(result.Diagnostics.Items.Select(d => d.ToString()));
        return result;
    }

    static ResolvedSystem Valid(string name) => Check(name).System!;

    [Fact]
    public void The_partition_table_shows_each_services_profile_and_heap()
    {
        var text = TextReport.Render(Valid("profiles.yaml"));
        var rows = text.Split('\n').Where(l => l.StartsWith("  brake ", StringComparison.Ordinal) || l.StartsWith("  ui ", StringComparison.Ordinal)
                                              || l.StartsWith("  logger ", StringComparison.Ordinal) || l.StartsWith("  diag ", StringComparison.Ordinal)).ToList();
        Assert.Contains("profile", text.Split('\n').First(l => l.TrimStart().StartsWith("name ", StringComparison.Ordinal)));
        Assert.Contains(" strict ", rows.First(r => r.StartsWith("  brake ", StringComparison.Ordinal)));
        Assert.Contains(" rich (heap 8 MiB) ", rows.First(r => r.StartsWith("  ui ", StringComparison.Ordinal)));
        Assert.Contains(" rich (heap: rest of memory) ", rows.First(r => r.StartsWith("  logger ", StringComparison.Ordinal)));
        Assert.Contains(" rich (heap 4 MiB) ", rows.First(r => r.StartsWith("  diag ", StringComparison.Ordinal)));
        // The waived BH103 is part of the interference report, with its justification.
        Assert.Contains("[waived] BH103 ASIL-A domain 'diag' uses the rich profile", text);
    }

    [Fact]
    public void A_file_image_has_no_profile_in_the_reports()
    {
        var result = Check("image-file.yaml");
        Assert.All(result.System!.Domains, d => Assert.Equal("-", TextReport.ProfileText(d)));
        var json = JsonNode.Parse(JsonReport.Render(result))!;
        var domain = json["system"]!["domains"]!.AsArray().First(d => (string?)d!["image"]!["kind"] == "file")!;
        Assert.Null(domain["profile"]);
    }

    [Fact]
    public void The_json_report_and_the_html_map_carry_profile_and_heap()
    {
        var result = Check("profiles.yaml");
        var sys = result.System!;
        var domains = JsonNode.Parse(JsonReport.Render(result))!["system"]!["domains"]!.AsArray();
        Assert.Equal("strict", (string?)domains[0]!["profile"]);
        Assert.Null(domains[0]!["heapSize"]);
        Assert.Equal("rich", (string?)domains[1]!["profile"]);
        Assert.Equal("0x800000", (string?)domains[1]!["heapSize"]);
        Assert.Equal("0x0", (string?)domains[2]!["heapSize"]);

        var html = HtmlReport.Render(sys);
        Assert.Contains("ui (QM, C# rich (heap 8 MiB))", html);
        Assert.Contains("brake (ASIL-D, C# strict)", html);
        Assert.Contains(">ui (rich)</text>", html);
    }

    [Fact]
    public void Asil_domains_default_to_strict_and_qm_follows_the_prepared_switch()
    {
        Assert.Equal(ServiceProfile.Strict, ResolvedDomain.DefaultProfile(Criticality.AsilD));
        Assert.Equal(ServiceProfile.Strict, ResolvedDomain.DefaultProfile(Criticality.AsilA));
        // Issue 17 makes rich the QM default once the rich runtime is merged (the lead flips the constant).
        Assert.Equal(ResolvedDomain.RichIsTheQmDefault ? ServiceProfile.Rich : ServiceProfile.Strict, ResolvedDomain.DefaultProfile(Criticality.QM));
        var logger = Valid("minimal.yaml").Domains.Single();
        Assert.Equal(ResolvedDomain.DefaultProfile(Criticality.QM), logger.Profile);
    }
}
