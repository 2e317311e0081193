using System.Diagnostics;

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

    // The script rebuilds the tool when its sources changed: one start at a time.
    private static readonly object Gate = new();

    public static Result Run(string workingDirectory, params string[] args)
    {
        var info = new ProcessStartInfo(Path.Combine(AnalyzerHarness.Repo.Root, "bulkhead"))
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, WorkingDirectory = workingDirectory,
        };
        foreach (var a in args) info.ArgumentList.Add(a);
        lock (Gate)
        {
            using var process = Process.Start(info)!;
            process.StandardInput.Close();
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(300_000))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"bulkhead {string.Join(' ', args)} did not finish in 5 minutes");
            }
            return new(process.ExitCode, stdout.Result, stderr.Result);
        }
    }
}
