using Bulkhead.Emulation;
using Bulkhead.Systems;
using Xunit;

namespace Bulkhead.Tests;

/// <summary>
/// Issue 17's differential test: the same C# program runs in a domain (QEMU under -icount) and on
/// the host's .NET (`bulkhead run --host`, docs/host-mode.md), and the service's lines must agree
/// one by one - evidence that the rich profile's runtime (GC, exceptions, dispatch, delegates,
/// collections, formatting, Math) behaves like .NET's for ordinary code.
///
/// The comparison rule, the only one: a service line is its console line without the "[domain] "
/// prefix. Lines starting with '~' are measurements that legitimately differ between a bare-metal
/// heap and .NET's (heap bytes, times); the program marks them itself, and such a line is compared
/// up to and including its first ':' (so "~ heap: 70016 bytes" vs "~ heap: 4096 bytes" agree, while a
/// missing, extra or reordered measurement does not). Every other line must be identical, and both
/// runs must print the same number of lines.
/// </summary>
[Collection("emulator")]
public class RichDifferentialTests
{
    /// <summary>The harness on a strict program (works on any branch: no rich runtime needed).</summary>
    [Fact]
    public void Strict_greeter_prints_the_same_lines_in_a_domain_and_on_the_host() =>
        AssertSameLines("tests/systems/diff-strict.yaml", "greeter", expectedLast: "greeter on greeter done");

    /// <summary>Every rich feature, printed: collections, text, doubles, Math, exceptions, lambdas, interfaces, records, a timer lambda.</summary>
    [Fact]
    public void Rich_program_prints_the_same_lines_in_a_domain_and_on_the_host() =>
        AssertSameLines("tests/systems/rich-diff.yaml", "diff", expectedLast: "rich-diff: end");

    /// <summary>The example issue 17 is checked with: the telemetry service, 30 rounds, its heap flat.</summary>
    [Fact]
    public void Rich_telemetry_example_prints_the_same_lines_in_a_domain_and_on_the_host()
    {
        var (guest, _) = AssertSameLines("examples/systems/telemetry-rich.yaml", "telemetry", expectedLast: "telemetry-rich done");
        Assert.Contains("heap flat: yes", guest);
        Assert.Equal(6, guest.Count(l => l.StartsWith("~ heap:", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("~ heap: 70016 bytes", "~ heap: 4096 bytes", true)]
    [InlineData("~ heap: 1 bytes", "~ time: 1 bytes", false)]
    [InlineData("round 1: 22 accepted", "round 1: 21 accepted", false)]
    [InlineData("double: 0.30000000000000004", "double: 0.3", false)]
    [InlineData("same", "same", true)]
    public void Lines_agree_exactly_except_for_measurements_up_to_their_colon(string guest, string host, bool agree) =>
        Assert.Equal(agree, Comparable(guest) == Comparable(host));

    [Fact]
    public void Service_lines_are_the_domains_lines_without_the_prefix()
    {
        string[] console = ["hv: domain diff started", "[diff] a", "[other] b", "[diff] ~ heap: 1", "build: x"];
        Assert.Equal(["a", "~ heap: 1"], ServiceLines(console, "diff"));
    }

    /// <summary>The comparable form of a service line (the rule in the class comment).</summary>
    public static string Comparable(string line)
    {
        if (!line.StartsWith('~')) return line;
        int colon = line.IndexOf(':');
        return colon < 0 ? line : line[..(colon + 1)];
    }

    public static List<string> ServiceLines(IEnumerable<string> console, string domain)
    {
        string prefix = $"[{domain}] ";
        return console.Where(l => l.StartsWith(prefix, StringComparison.Ordinal)).Select(l => l[prefix.Length..]).ToList();
    }

    private static (List<string> Guest, List<string> Host) AssertSameLines(string system, string domain, string expectedLast)
    {
        var repo = TestImages.Repo;
        string file = Path.Combine(repo.Root, system);

        SystemBuilder.Result built = SystemBuilder.Build(repo, file, TextWriter.Null);
        var machine = Machines.QemuFor(built.Board, built.Hypervisor, cores: null, cpu: "cortex-a72").Deterministic();
        var run = EmulatorRun.Run(QemuArm64Machine.Executable, machine.Arguments(), TimeSpan.FromSeconds(120));
        var guest = ServiceLines(run.Lines, domain);

        var (exit, stdout, stderr) = BulkheadCli.Run(repo.Root, "run", "--host", system, "--timeout", "120");
        Assert.True(exit == 0, $"host run exited {exit}:\n{stdout}\n{stderr}");
        var host = ServiceLines(stdout.Split('\n').Select(l => l.TrimEnd('\r')), domain);

        Assert.True(guest.Count > 0 && guest[^1] == expectedLast, $"the domain did not finish ('{expectedLast}'):\n{run.Console}");
        Assert.Equal(RunOutcome.PoweredOff, run.Outcome);
        Assert.True(host.Count > 0 && host[^1] == expectedLast, $"the host run did not finish ('{expectedLast}'):\n{stdout}");
        for (int i = 0; i < Math.Min(guest.Count, host.Count); i++)
            Assert.True(Comparable(guest[i]) == Comparable(host[i]),
                $"line {i + 1} differs:\n  domain: {guest[i]}\n  host:   {host[i]}\n(the domain's lines:\n{string.Join("\n", guest)})");
        Assert.Equal(host.Count, guest.Count);
        return (guest, host);
    }
}
