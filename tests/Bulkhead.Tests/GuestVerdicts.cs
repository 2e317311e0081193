using Bulkhead.Emulation;
using Xunit;

namespace Bulkhead.Tests;

/// <summary>
/// The verdicts test guests print about themselves: "[domain] PASS name" or "[domain] FAIL name: why"
/// (tests/guests/probe). The tests assert them next to the hypervisor's containment lines.
/// </summary>
public static class GuestVerdicts
{
    /// <summary>Each named check passed in <paramref name="domain"/>, and no guest failed any check.</summary>
    public static void AssertPassed(RunResult run, string domain, params string[] checks)
    {
        AssertNoFailure(run);
        foreach (var check in checks)
            Assert.True(run.Lines.Contains($"[{domain}] PASS {check}"), $"no \"[{domain}] PASS {check}\" in:\n{run.Console}");
    }

    /// <summary>No guest printed a FAIL line (e.g. an access that must be stopped returned).</summary>
    public static void AssertNoFailure(RunResult run)
    {
        var failures = run.Lines.Where(l => l.StartsWith('[') && l.Contains("] FAIL ")).ToList();
        Assert.True(failures.Count == 0, $"guest failures:\n{string.Join("\n", failures)}\nin:\n{run.Console}");
    }
}
