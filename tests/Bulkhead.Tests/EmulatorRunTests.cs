using System.Diagnostics;
using Bulkhead.Emulation;
using Xunit;

namespace Bulkhead.Tests;

/// <summary>The emulator runner always stops what it started (a shell stands in for the emulator, its console on stdout or in a file).</summary>
public class EmulatorRunTests
{
    private static bool Running(int pid)
    {
        try { return !Process.GetProcessById(pid).HasExited; }
        catch (ArgumentException) { return false; }
    }

    [Fact]
    public void TimeoutKillsTheProcess()
    {
        var result = EmulatorRun.Run("bash", ["-c", "echo started $$; exec sleep 60"], TimeSpan.FromSeconds(1));

        Assert.Equal(RunOutcome.TimedOut, result.Outcome);
        int pid = int.Parse(result.Lines.Single(l => l.StartsWith("started ")).Split(' ')[1]);
        Assert.False(Running(pid));
        Assert.True(result.Elapsed < TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void PanicLineStopsTheRunAndKeepsTheReport()
    {
        var result = EmulatorRun.Run("bash", ["-c", "echo booting; echo 'PANIC: boom'; echo detail; exec sleep 60"], TimeSpan.FromSeconds(20));

        Assert.Equal(RunOutcome.Panicked, result.Outcome);
        Assert.Equal(new[] { "booting", "PANIC: boom", "detail" }, result.Lines);
        Assert.True(result.Elapsed < TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void StopWhenEndsTheRunOnTheWantedLine()
    {
        var result = EmulatorRun.Run("bash", ["-c", "echo one; echo two; exec sleep 60"], TimeSpan.FromSeconds(20), stopWhen: l => l == "two");

        Assert.Equal(RunOutcome.StoppedOnMatch, result.Outcome);
        Assert.Contains("two", result.Lines);
    }

    [Fact]
    public void ProcessThatExitsByItselfIsPoweredOffWithItsExitCode()
    {
        var result = EmulatorRun.Run("bash", ["-c", "echo bye; exit 0"], TimeSpan.FromSeconds(20));

        Assert.Equal(RunOutcome.PoweredOff, result.Outcome);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(new[] { "bye" }, result.Lines);
    }

    /// <summary>Runs a shell script that writes its console to a file (its path replaces {console}), like Bochs does.</summary>
    private static RunResult RunWithConsoleFile(string script)
    {
        string file = Path.Combine(Path.GetTempPath(), "bulkhead-console-" + Guid.NewGuid().ToString("N"));
        try
        {
            var info = new ProcessStartInfo("bash");
            info.ArgumentList.Add("-c");
            info.ArgumentList.Add(script.Replace("{console}", file));
            return EmulatorRun.Run(info, consoleFile: file, TimeSpan.FromSeconds(20));
        }
        finally { File.Delete(file); }
    }

    [Fact]
    public void ConsoleInAFileIsFollowedLikeStdoutAndTheEmulatorsOwnOutputIsLeftOut()
    {
        // Chatter on stdout, the console appended in pieces, the last line unfinished when the process exits.
        var result = RunWithConsoleFile("echo chatter; printf 'one\\ntw' >> {console}; sleep 0.2; printf 'o\\nthree' >> {console}; sleep 0.3; exit 1");

        Assert.Equal(RunOutcome.PoweredOff, result.Outcome);
        Assert.Equal(1, result.ExitCode);
        Assert.Equal(new[] { "one", "two", "three" }, result.Lines);
    }

    [Fact]
    public void PanicLineInAConsoleFileStopsTheRun()
    {
        var result = RunWithConsoleFile("printf 'booting\\nPANIC: boom\\n' >> {console}; exec sleep 60");

        Assert.Equal(RunOutcome.Panicked, result.Outcome);
        Assert.Equal(new[] { "booting", "PANIC: boom" }, result.Lines);
        Assert.True(result.Elapsed < TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void MissingEmulatorNamesTheDebianPackage()
    {
        var error = Assert.Throws<EmulatorMissingException>(() =>
            EmulatorRun.Run("qemu-system-aarch64-not-installed", [], TimeSpan.FromSeconds(1)));
        Assert.Contains("apt-get install", error.Message);
    }
}
