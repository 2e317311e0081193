using System.CommandLine;
using System.Xml.Linq;
using Bulkhead.Build;

namespace Bulkhead.Cli.Commands;

/// <summary>`bulkhead test`: set up the machine, then run every test project under tests/.</summary>
public static class TestCommand
{
    public static Command Create()
    {
        var filter = new Option<string?>("--filter") { Description = "Only tests matching this dotnet test filter expression" };
        var command = new Command("test", "Install what is missing, restore NuGet packages and run the whole test suite");
        command.Options.Add(filter);
        command.SetAction(parse => Run(RepoLayout.Find(), parse.GetValue(filter)));
        return command;
    }

    public static int Run(RepoLayout repo, string? filter)
    {
        int setup = Setup.Run(repo, Console.Out);
        if (setup != 0) return setup;

        string results = Path.Combine(repo.OutputRoot, "test-results");
        if (Directory.Exists(results)) Directory.Delete(results, recursive: true);
        int exit = 0;
        // Test projects only (tests/<Name>.Tests/<Name>.Tests.csproj): service projects under
        // tests/guests are IDE projects, not test suites.
        foreach (var project in Directory.GetDirectories(Path.Combine(repo.Root, "tests"))
                     .SelectMany(d => Directory.GetFiles(d, "*.Tests.csproj")).Order(StringComparer.Ordinal))
        {
            string name = Path.GetFileNameWithoutExtension(project);
            Console.WriteLine($"test: {name}");
            var args = new List<string> { "test", project, "--logger", $"trx;LogFileName={name}.trx", "--results-directory", results, "--verbosity", "minimal" };
            if (filter != null) args.AddRange(["--filter", filter]);
            var result = ProcessRunner.Run("dotnet", args);
            Console.Write(result.Output);
            if (result.ExitCode != 0) exit = 1;
        }

        var (passed, failed, skipped) = CountResults(results);
        if (passed + failed == 0) exit = 1; // a run that executed nothing is a failure
        Console.WriteLine($"{passed} passed, {failed} failed, {skipped} skipped");
        return exit;
    }

    /// <summary>Adds up the TRX result files: the one closing line CI and people read.</summary>
    public static (int Passed, int Failed, int Skipped) CountResults(string folder)
    {
        int passed = 0, failed = 0, skipped = 0;
        if (!Directory.Exists(folder)) return (0, 0, 0);
        foreach (var trx in Directory.GetFiles(folder, "*.trx", SearchOption.AllDirectories))
        {
            var counters = XDocument.Load(trx).Descendants().FirstOrDefault(e => e.Name.LocalName == "Counters");
            if (counters == null) continue;
            int Get(string a) => int.TryParse(counters.Attribute(a)?.Value, out int v) ? v : 0;
            passed += Get("passed");
            failed += Get("failed") + Get("error") + Get("timeout") + Get("aborted");
            skipped += Get("notExecuted");
        }
        return (passed, failed, skipped);
    }
}
