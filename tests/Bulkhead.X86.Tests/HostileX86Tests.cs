using System.Text.RegularExpressions;
using Bulkhead.Emulation;
using Xunit;
using Xunit.Abstractions;

namespace Bulkhead.X86.Tests;

/// <summary>
/// The hostile-guest suite on hv-x86 (tests/systems/x86-hostile.yaml, docs/hostile-suite.md): one
/// Bochs boot, every attack judged, the witness's sequence, timing and code checked.
/// </summary>
[Collection("bochs")]
public class HostileX86Tests(ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(300);
    private static readonly Lazy<RunResult> Run = new(Boot);

    private static RunResult Boot()
    {
        var built = X86Systems.Build("x86-hostile", new Dictionary<string, byte[]>
        {
            ["prober.bin"] = HostileX86Guests.Prober(),
            ["faulter.bin"] = HostileX86Guests.Faulter(),
        });
        var machine = new BochsMachine { Iso = X86Systems.Iso(built.Hypervisor), Cores = built.Board.Cores.Count };
        return machine.Run(Timeout);
    }

    private RunResult Result()
    {
        var result = Run.Value;
        output.WriteLine($"{result.Outcome} after {result.Elapsed.TotalSeconds:0.0} s:");
        foreach (var line in result.Lines) output.WriteLine(line);
        return result;
    }

    public static TheoryData<string> ProberAttacks => new(HostileX86Guests.ProberAttacks);

    [Theory, MemberData(nameof(ProberAttacks))]
    public void TheProberJudgesItsAttackRefusedInPlace(string attack)
    {
        var lines = Result().Lines;
        Assert.Contains($"[prober] PASS {attack}", lines);
        Assert.DoesNotContain(lines, l => l.StartsWith($"[prober] FAIL {attack}"));
    }

    public static TheoryData<string> FaulterAttacks => new(HostileX86Guests.FaulterAttacks.Select(a => a.Name));

    [Theory, MemberData(nameof(FaulterAttacks))]
    public void TheFaulterAttackEndsItsRunWithTheExpectedCause(string attack)
    {
        var lines = Result().Lines.ToList();
        int k = Array.FindIndex(HostileX86Guests.FaulterAttacks, a => a.Name == attack);
        string cause = HostileX86Guests.FaulterAttacks[k].Cause;
        int at = lines.IndexOf($"[faulter] ATTACK {attack}");
        Assert.True(at >= 0, $"no ATTACK {attack} line");
        string next = lines.Skip(at + 1).First(l => l.StartsWith("hv: domain faulter ") || l.StartsWith("[faulter] "));
        bool last = k == HostileX86Guests.FaulterAttacks.Length - 1;
        string expected = last ? $"hv: domain faulter stopped: {cause}" : $"hv: domain faulter restarting ({k + 1} of {HostileX86Guests.FaulterAttacks.Length - 1}): {cause}";
        Assert.StartsWith(expected, next);
        Assert.DoesNotContain($"[faulter] SURVIVED {attack}", lines);
    }

    [Fact]
    public void TheWitnessTicksOnTimeWithItsCodeIntactAndTheMachineEndsByItself()
    {
        var result = Result();
        Assert.Equal(RunOutcome.PoweredOff, result.Outcome);
        var ticks = result.Lines.Select(l => Regex.Match(l, @"^\[witness\] tick (\d+) at (\d+) us$")).Where(m => m.Success)
            .Select(m => (N: int.Parse(m.Groups[1].Value), Us: long.Parse(m.Groups[2].Value))).ToList();
        Assert.True(ticks.Count >= 10, $"only {ticks.Count} ticks");
        for (int i = 0; i < ticks.Count; i++) Assert.Equal(i + 1, ticks[i].N);
        // Bochs's clock follows its instruction count: the 10 ms grid must hold within 50 ms, whatever the attackers did.
        for (int i = 1; i < ticks.Count; i++)
            Assert.True(ticks[i].Us - ticks[i - 1].Us <= 50_000, $"tick {ticks[i].N} came {ticks[i].Us - ticks[i - 1].Us} us after the one before");
        Assert.Contains("[witness] witness image intact", result.Lines);
        Assert.Contains("[witness] witness done", result.Lines);
        Assert.Contains(result.Lines, l => Regex.IsMatch(l, @"^\[witness\] doorbells \d+, foreign SGIs 0$"));
        Assert.Contains("[prober] prober done", result.Lines);
        Assert.Contains("hv: no domain left running, powering off", result.Lines);
        Assert.DoesNotContain(result.Lines, l => l.StartsWith("PANIC"));
    }

    [Fact]
    public void AConsoleFloodLosesOnlyTheFloodersOwnLines()
    {
        var lines = Result().Lines;
        int flood = lines.Count(l => l == $"[prober] {HostileX86Guests.FloodLine}");
        Assert.InRange(flood, 1, 299);
        Assert.Contains(lines, l => Regex.IsMatch(l, @"^hv: domain prober: \d+ console lines dropped"));
    }
}
