using Bulkhead.Config.Checking;

namespace Bulkhead.Config.Tests;

/// <summary>
/// Each file in fixtures/invalid states what the checker must say about it in comments:
/// '# expect-exit: N' and one '# expect: line:col: error BHxxx: path: message. fix.' per finding.
/// The test compares the complete, located output, so every rule's exact message is pinned.
/// </summary>
public class FixtureTests
{
    public static TheoryData<string> InvalidFixtures()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.GetFiles(TestPaths.Fixture("invalid"), "*.yaml").Order(StringComparer.Ordinal)) data.Add(Path.GetFileName(f));
        return data;
    }

    public static TheoryData<string> ValidSystems()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.GetFiles(TestPaths.Fixture("valid"), "*.yaml").Order(StringComparer.Ordinal)) data.Add(f);
        foreach (var f in Directory.GetFiles(Path.Combine(TestPaths.Repo, "examples", "systems"), "*.yaml").Order(StringComparer.Ordinal)) data.Add(f);
        return data;
    }

    [Theory]
    [MemberData(nameof(InvalidFixtures))]
    public void Invalid_fixture_reports_exactly_the_expected_located_messages(string name)
    {
        string path = TestPaths.Fixture("invalid", name);
        if (Environment.GetEnvironmentVariable("BULKHEAD_UPDATE_FIXTURES") == "1") Rewrite(path);
        var lines = File.ReadAllLines(path);
        var expected = lines.Where(l => l.StartsWith("# expect: ", StringComparison.Ordinal)).Select(l => l["# expect: ".Length..]).ToList();
        int expectedExit = int.Parse(lines.Single(l => l.StartsWith("# expect-exit: ", StringComparison.Ordinal))["# expect-exit: ".Length..]);
        Assert.NotEmpty(expected);

        var result = Checker.CheckFile(path);
        var actual = result.Diagnostics.Sorted().Select(d => Normalize(d.ToString(), path)).ToList();

        Assert.Equal(expected, actual);
        Assert.Equal(expectedExit, result.ExitCode);
        Assert.Null(result.System);
    }

    [Theory]
    [MemberData(nameof(ValidSystems))]
    public void Valid_system_passes_without_findings(string path)
    {
        var result = Checker.CheckFile(path);
        Assert.Equal(Array.Empty<string>(), result.Diagnostics.Items.Select(d => d.ToString()).ToArray());
        Assert.Equal(0, result.ExitCode);
        Assert.NotNull(result.System);
    }

    [Fact]
    public void Every_diagnostic_code_in_the_rule_set_has_a_fixture_or_test()
    {
        // Keeps fixtures in step with Codes: a new rule without a located test fails here.
        var covered = Directory.GetFiles(TestPaths.Fixtures, "*.yaml", SearchOption.AllDirectories).SelectMany(File.ReadAllLines)
            .Where(l => l.StartsWith("# expect: ", StringComparison.Ordinal))
            .Select(l => System.Text.RegularExpressions.Regex.Match(l, @"(error|warning) (BH\d{3})").Groups[2].Value).ToHashSet();
        covered.Add(Diagnostics.Codes.FileNotFound);   // CliTests.Missing_system_file_is_unusable_input
        covered.Add(Diagnostics.Codes.DtbInvalid);     // CliTests.Importing_a_file_that_is_not_a_dtb_is_unusable_input
        covered.Add(Diagnostics.Codes.DtbConsoleUnsupported);   // DtbImportConsoleTests.Board_import_command_fails_with_a_located_error_for_an_unsupported_console
        covered.Add(Diagnostics.Codes.ColorPoolTooSmall);       // a build check (it needs the built hypervisor): Bulkhead.Tests CacheColoringTests.A_colour_pool_too_small_for_the_hypervisor_is_refused_by_the_build_at_the_domains_memory
        var all = typeof(Diagnostics.Codes).GetFields().Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).ToHashSet();
        Assert.Empty(all.Except(covered).Order());
    }

    /// <summary>
    /// BULKHEAD_UPDATE_FIXTURES=1 rewrites a fixture's expectations from the checker's current
    /// output (review the diff!). Repeats until stable, since the header lines shift positions.
    /// </summary>
    static void Rewrite(string path)
    {
        for (int round = 0; round < 3; round++)
        {
            var lines = File.ReadAllLines(path).Where(l => !l.StartsWith("# expect", StringComparison.Ordinal)).ToList();
            var result = Checker.CheckFile(path);
            var expect = new List<string> { $"# expect-exit: {result.ExitCode}" };
            expect.AddRange(result.Diagnostics.Sorted().Select(d => "# expect: " + Normalize(d.ToString(), path)));
            int header = lines.TakeWhile(l => l.StartsWith('#')).Count();
            lines.InsertRange(header, expect);
            File.WriteAllLines(path, lines);
        }
    }

    /// <summary>Diagnostics in the fixture itself are compared without the file prefix.</summary>
    static string Normalize(string text, string fixture) =>
        text.StartsWith(fixture + ":", StringComparison.Ordinal) ? text[(fixture.Length + 1)..] : text;
}
