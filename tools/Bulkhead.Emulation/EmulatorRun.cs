using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Bulkhead.Emulation;

public enum RunOutcome
{
    /// <summary>The system switched itself off (QEMU exited on its own).</summary>
    PoweredOff,
    /// <summary>The hypervisor printed a PANIC line; the emulator was stopped.</summary>
    Panicked,
    /// <summary>The wanted output appeared; the emulator was stopped.</summary>
    StoppedOnMatch,
    /// <summary>Nothing ended the run in time; the emulator was stopped.</summary>
    TimedOut,
}

public sealed record RunResult(RunOutcome Outcome, int? ExitCode, IReadOnlyList<string> Lines, TimeSpan Elapsed)
{
    public string Console => string.Join("\n", Lines);
}

/// <summary>
/// Runs an emulator with the serial console on stdout, hands each console line to the caller and
/// always stops the emulator process: on power-off, panic, a wanted line, timeout or an exception.
/// </summary>
public static class EmulatorRun
{
    public static readonly Regex PanicLine = new(@"^PANIC: ", RegexOptions.Compiled);

    /// <param name="stopWhen">stop as soon as a line satisfies this (then the outcome is StoppedOnMatch)</param>
    /// <param name="panicGrace">how long to keep reading after a PANIC line (the rest of the report)</param>
    public static RunResult Run(string executable, IEnumerable<string> arguments, TimeSpan timeout,
        Action<string>? onLine = null, Func<string, bool>? stopWhen = null, TimeSpan? panicGrace = null)
    {
        var info = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in arguments) info.ArgumentList.Add(a);

        var lines = new List<string>();
        var stopSignal = new ManualResetEventSlim();
        RunOutcome? decided = null;
        var clock = Stopwatch.StartNew();
        using var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data == null) return;
            string line = e.Data.TrimEnd('\r');
            lock (lines)
            {
                lines.Add(line);
                if (decided == null && PanicLine.IsMatch(line)) decided = RunOutcome.Panicked;
                else if (decided == null && stopWhen != null && stopWhen(line)) { decided = RunOutcome.StoppedOnMatch; stopSignal.Set(); }
            }
            onLine?.Invoke(line);
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data == null) return;
            lock (lines) lines.Add("[emulator] " + e.Data);
            onLine?.Invoke("[emulator] " + e.Data);
        };

        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new EmulatorMissingException(executable);
        }
        try
        {
            process.StandardInput.Close();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();

            var deadline = clock.Elapsed + timeout;
            TimeSpan? panicDeadline = null;
            while (!process.HasExited)
            {
                if (clock.Elapsed >= deadline) break;
                if (stopSignal.IsSet) break;
                lock (lines)
                    if (decided == RunOutcome.Panicked && panicDeadline == null)
                        panicDeadline = clock.Elapsed + (panicGrace ?? TimeSpan.FromMilliseconds(300));
                if (panicDeadline != null && clock.Elapsed >= panicDeadline) break;
                process.WaitForExit(50);
            }
            if (process.HasExited)
            {
                process.WaitForExit(); // drain the output readers
                lock (lines) decided ??= RunOutcome.PoweredOff;
            }
        }
        finally
        {
            Stop(process);
        }
        lock (lines)
            return new RunResult(decided ?? RunOutcome.TimedOut, process.HasExited ? process.ExitCode : null, lines.ToList(), clock.Elapsed);
    }

    private static void Stop(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException) { } // never started or already gone
    }
}

public sealed class EmulatorMissingException(string executable)
    : Exception($"'{executable}' could not be started. Install it with: apt-get install -y {DebianPackageFor(executable)}  (or run ./bulkhead setup as root)")
{
    public static string DebianPackageFor(string executable) => executable switch
    {
        QemuArm64Machine.Executable => QemuArm64Machine.DebianPackage,
        BochsMachine.Executable => string.Join(' ', BochsMachine.DebianPackages),
        _ => executable,
    };
}
