using System.CommandLine;
using Bulkhead.Build;
using Bulkhead.Cli;
using Bulkhead.Systems;

namespace Bulkhead.Cli.Commands;

/// <summary>`bulkhead test`: set up the machine, then run every test project under tests/.</summary>
public static class TestCommand
{
    public static Command Create()
    {
        var filter = new Option<string?>("--filter") { Description = "Only tests matching this dotnet test filter expression" };
        var command = new Command("test", "Install what is missing, restore NuGet packages and run the whole test suite");
        command.Options.Add(filter);
        command.SetAction(parse => Run(CommonOptions.Repo(), parse.GetValue(filter)));
        return command;
    }

    public static int Run(RepoLayout repo, string? filter)
    {
        if (Setup.Run(repo, Terminal.Progress) != 0) return ExitCodes.Failed;

        string results = Path.Combine(repo.OutputRoot, "test-results");
        if (Directory.Exists(results)) Directory.Delete(results, recursive: true);
        int exit = 0;
        // Test projects only (tests/<Name>.Tests/<Name>.Tests.csproj): service projects under
        // tests/guests are IDE projects, not test suites.
        foreach (var project in Directory.GetDirectories(Path.Combine(repo.Root, "tests"))
                     .SelectMany(d => Directory.GetFiles(d, "*.Tests.csproj")).Order(StringComparer.Ordinal))
        {
            string name = Path.GetFileNameWithoutExtension(project);
            Terminal.Progress.WriteLine($"test: {name}");
            var args = new List<string> { "test", project, "--logger", $"trx;LogFileName={name}.trx", "--results-directory", results, "--verbosity", "minimal" };
            if (filter != null) args.AddRange(["--filter", filter]);
            var result = ProcessRunner.Run("dotnet", args);
            Console.Write(result.Output);
            if (result.ExitCode != 0) exit = ExitCodes.Failed;
        }

        var (passed, failed, skipped) = TestResults.Count(results);
        if (passed + failed == 0) exit = ExitCodes.Failed; // a run that executed nothing is a failure
        Console.WriteLine($"{passed} passed, {failed} failed, {skipped} skipped");
        return exit;
    }
}
