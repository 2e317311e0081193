using System.Diagnostics;

namespace Bulkhead.Tests;

/// <summary>
/// The `bulkhead` command started as a user starts it: the repository's ./bulkhead script, in a
/// separate process (the tests reference the libraries, never the command's code).
/// </summary>
public static class BulkheadCli
{
    // The script rebuilds the tool when its sources changed: one start at a time.
    private static readonly object Gate = new();

    public static (int ExitCode, string Stdout, string Stderr) Run(string repoRoot, params string[] args) => RunIn(repoRoot, repoRoot, args);

    /// <summary>From any working directory (e.g. `../bulkhead` inside a service folder).</summary>
    public static (int ExitCode, string Stdout, string Stderr) RunIn(string repoRoot, string workingDirectory, params string[] args)
    {
        var info = new ProcessStartInfo(Path.Combine(repoRoot, "bulkhead"))
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
            return (process.ExitCode, stdout.Result, stderr.Result);
        }
    }
}
