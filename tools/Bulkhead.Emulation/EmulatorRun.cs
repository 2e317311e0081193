using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Bulkhead.Emulation;

public enum RunOutcome
{
    /// <summary>The system switched itself off (the emulator exited on its own).</summary>
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
/// The one console-runner loop of every emulator: starts it, hands each console line to the
/// caller, decides the outcome (power-off, panic, a wanted line, timeout) and always stops the
/// emulator process, also on an exception. The console is the emulator's stdout (QEMU) or a file
/// it writes (Bochs' COM1).
/// </summary>
public static class EmulatorRun
{
    public static readonly Regex PanicLine = new(@"^PANIC: ", RegexOptions.Compiled);
    public static readonly TimeSpan DefaultPanicGrace = TimeSpan.FromMilliseconds(300);

    /// <param name="stopWhen">stop as soon as a line satisfies this (then the outcome is StoppedOnMatch)</param>
    /// <param name="panicGrace">how long to keep reading after a PANIC line (the rest of the report)</param>
    public static RunResult Run(string executable, IEnumerable<string> arguments, TimeSpan timeout,
        Action<string>? onLine = null, Func<string, bool>? stopWhen = null, TimeSpan? panicGrace = null)
    {
        var info = new ProcessStartInfo(executable);
        foreach (var a in arguments) info.ArgumentList.Add(a);
        return Run(info, consoleFile: null, timeout, onLine, stopWhen, panicGrace);
    }

    /// <param name="consoleFile">
    /// null: the console is stdout (stderr lines are kept with an "[emulator] " prefix); otherwise the
    /// file the emulator writes its serial console to, followed while it runs (stdout and stderr are
    /// the emulator's own chatter then, and dropped).
    /// </param>
    public static RunResult Run(ProcessStartInfo info, string? consoleFile, TimeSpan timeout,
        Action<string>? onLine = null, Func<string, bool>? stopWhen = null, TimeSpan? panicGrace = null)
    {
        info.RedirectStandardOutput = info.RedirectStandardError = info.RedirectStandardInput = true;
        info.UseShellExecute = false;
        var console = new ConsoleCollector(onLine, stopWhen);
        var tail = consoleFile == null ? null : new FileTail(consoleFile);
        var clock = Stopwatch.StartNew();
        using var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => { if (e.Data != null && tail == null) console.Deliver(e.Data.TrimEnd('\r')); };
        process.ErrorDataReceived += (_, e) => { if (e.Data != null && tail == null) console.Deliver("[emulator] " + e.Data, judge: false); };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new EmulatorMissingException(info.FileName);
        }
        try
        {
            process.StandardInput.Close();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();

            var deadline = clock.Elapsed + timeout;
            TimeSpan? panicDeadline = null;
            while (!process.HasExited && clock.Elapsed < deadline && console.Outcome != RunOutcome.StoppedOnMatch)
            {
                tail?.Drain(console.Deliver);
                if (console.Outcome == RunOutcome.Panicked)
                {
                    panicDeadline ??= clock.Elapsed + (panicGrace ?? DefaultPanicGrace);
                    if (clock.Elapsed >= panicDeadline) break;
                }
                process.WaitForExit(50);
            }
            if (process.HasExited)
            {
                process.WaitForExit(); // drain the output readers
                console.PoweredOffUnlessDecided();
            }
            tail?.Drain(console.Deliver);
            tail?.Flush(console.Deliver);
        }
        finally
        {
            Stop(process);
        }
        return new RunResult(console.Outcome ?? RunOutcome.TimedOut, process.HasExited ? process.ExitCode : null, console.Lines, clock.Elapsed);
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

    /// <summary>The console lines and the outcome they decide; lines come from a reader thread or the loop.</summary>
    private sealed class ConsoleCollector(Action<string>? onLine, Func<string, bool>? stopWhen)
    {
        private readonly List<string> _lines = new();
        private RunOutcome? _outcome;

        public RunOutcome? Outcome { get { lock (_lines) return _outcome; } }
        public IReadOnlyList<string> Lines { get { lock (_lines) return _lines.ToList(); } }

        public void Deliver(string line) => Deliver(line, judge: true);

        public void Deliver(string line, bool judge)
        {
            lock (_lines)
            {
                _lines.Add(line);
                if (judge && _outcome == null && PanicLine.IsMatch(line)) _outcome = RunOutcome.Panicked;
                else if (judge && _outcome == null && stopWhen != null && stopWhen(line)) _outcome = RunOutcome.StoppedOnMatch;
                onLine?.Invoke(line);
            }
        }

        public void PoweredOffUnlessDecided()
        {
            lock (_lines) _outcome ??= RunOutcome.PoweredOff;
        }
    }
}

public sealed class EmulatorMissingException(string executable)
    : Exception($"'{executable}' could not be started. Install it with: apt-get install -y {DebianPackageFor(executable)}  (or run ./bulkhead setup as root)")
{
    public static string DebianPackageFor(string executable) => executable switch
    {
        QemuArm64Machine.Executable => QemuArm64Machine.DebianPackage,
        QemuX64Machine.Executable => QemuX64Machine.DebianPackage,
        BochsMachine.Executable => string.Join(' ', BochsMachine.DebianPackages),
        _ => executable,
    };
}
