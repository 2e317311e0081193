namespace Bulkhead.Sdk.Tests;

/// <summary>
/// The `bulkhead` command as a user starts it: the checkout's ./bulkhead script in its own process,
/// from any working directory (e.g. `../bulkhead` inside a service folder), stdout and stderr apart.
/// </summary>
public static class CliProcess
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
    }

    public static Result Run(string workingDirectory, params string[] args)
    {
        var (exit, stdout, stderr) = Bulkhead.Tests.BulkheadCli.RunIn(AnalyzerHarness.Repo.Root, workingDirectory, args);
        return new(exit, stdout, stderr);
    }
}
