using System.Text.RegularExpressions;
using Bulkhead.Emulation;
using Xunit;
using Xunit.Abstractions;

namespace Bulkhead.X86.Tests;

/// <summary>
/// Issue 17 on x86-64: the rich profile's self-test guests (tests/guests/rich-gc, rich-eh,
/// rich-dispatch, rich-text), built for x64 from the same sources as on ARM64, one per core of
/// tests/systems/x86-rich.yaml under Bochs. The system boots once; each test judges one domain by its
/// own verdict lines: no "FAIL", a final "rich-&lt;area&gt;: done, N passed, 0 failed" with N &gt; 0, and a
/// clean power-off.
/// </summary>
[Collection("bochs")]
public class RichProfileX86Tests(ITestOutputHelper output)
{
    // Bochs's time follows its instruction count; four rich guests (a collector, the unwinder, the
    // formatting tests) on two host cores take long in host time (475 s in a trial merge on a busy
    // host, rich-gc's 10^6-iteration churn the longest). This bound only ends a hung run.
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(900);

    private static readonly Lazy<(RunResult Run, string[] Diagnostics)> s_run = new(() =>
    {
        var built = X86Systems.Build("x86-rich");
        var machine = new BochsMachine { Iso = X86Systems.Iso(built.Hypervisor), Cores = built.Board.Cores.Count };
        var run = machine.Run(Timeout);
        return (run, machine.Diagnostics().ToArray());
    });

    public static readonly TheoryData<string> Areas = new() { "gc", "eh", "dispatch", "text" };

    /// <summary>The domain of each area in tests/systems/x86-rich.yaml (short variants where Bochs is slow).</summary>
    private static string DomainOf(string area) => area switch { "gc" => "small-gc", "text" => "quick-text", _ => "rich-" + area };

    [Theory, MemberData(nameof(Areas))]
    public void Rich_guest_passes_every_check_on_x64(string area)
    {
        var (run, diagnostics) = s_run.Value;
        string domain = DomainOf(area), verdict = "rich-" + area, prefix = $"[{domain}] ";
        output.WriteLine($"{run.Outcome} after {run.Elapsed.TotalSeconds:0.0} s:");
        foreach (var line in run.Lines) output.WriteLine(line);
        foreach (var line in diagnostics) output.WriteLine("bochs.log: " + line);

        var lines = run.Lines.Where(l => l.StartsWith(prefix, StringComparison.Ordinal)).Select(l => l[prefix.Length..]).ToList();
        Assert.True(lines.Count > 0, $"{domain} printed nothing:\n{run.Console}");
        Assert.DoesNotContain(lines, l => l.StartsWith("FAIL ", StringComparison.Ordinal));
        var done = lines.Select(l => Regex.Match(l, $@"^{Regex.Escape(verdict)}: done, (\d+) passed, (\d+) failed$")).LastOrDefault(m => m.Success);
        Assert.True(done is not null, $"no '{verdict}: done, N passed, M failed' line:\n{string.Join("\n", lines)}");
        Assert.True(int.Parse(done.Groups[1].Value) > 0, $"{domain} passed no check");
        Assert.Equal("0", done.Groups[2].Value);
        Assert.Equal(int.Parse(done.Groups[1].Value), lines.Count(l => l.StartsWith("PASS ", StringComparison.Ordinal)));
        // The domain stops only after its verdict: powered off, or - rich-dispatch by design - the
        // fatal report of a known gap it probes after its done line (RichDispatchTests asserts that message).
        var all = run.Lines.ToList();
        int doneAt = all.IndexOf(prefix + done.Value), stoppedAt = all.FindIndex(l => l.StartsWith($"hv: domain {domain} stopped: ", StringComparison.Ordinal));
        Assert.True(stoppedAt > doneAt, $"{domain} stopped before its done line:\n{run.Console}");
        Assert.DoesNotContain(run.Lines, l => l.StartsWith("PANIC", StringComparison.Ordinal));
    }

    [Fact]
    public void The_rich_system_powers_off_when_every_guest_is_done()
    {
        var (run, _) = s_run.Value;
        Assert.Equal(RunOutcome.PoweredOff, run.Outcome);
        foreach (var area in new[] { "gc", "eh", "text" })
            Assert.Contains($"hv: domain {DomainOf(area)} stopped: powered off (PSCI SYSTEM_OFF)", run.Lines);
        Assert.Contains("hv: no domain left running, powering off", run.Lines);
    }
}
