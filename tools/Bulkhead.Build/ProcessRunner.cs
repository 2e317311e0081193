using System.Diagnostics;
using System.Text;

namespace Bulkhead.Build;

/// <summary>Runs one external tool and captures what it printed.</summary>
public static class ProcessRunner
{
    public sealed record Result(int ExitCode, string Output);

    public static Result Run(string fileName, IEnumerable<string> arguments, string? workingDirectory = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var a in arguments) info.ArgumentList.Add(a);
        var output = new StringBuilder();
        using var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => { if (e.Data != null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (output) output.AppendLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.WaitForExit();
        return new Result(process.ExitCode, output.ToString());
    }

    /// <summary>Runs the tool and fails with its output when it exits non-zero.</summary>
    public static string RunChecked(string step, string fileName, IEnumerable<string> arguments)
    {
        var args = arguments.ToList();
        var result = Run(fileName, args);
        if (result.ExitCode != 0)
            throw new BuildException($"{step} failed (exit code {result.ExitCode}):\n  {fileName} {string.Join(' ', args.Take(12))}{(args.Count > 12 ? " ..." : "")}\n{result.Output.TrimEnd()}");
        return result.Output;
    }
}
