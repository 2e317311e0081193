using System.Globalization;
using Bulkhead.Emulation;
using Bulkhead.Systems;
using Xunit;

namespace Bulkhead.Tests;

/// <summary>
/// The rich C# profile's collections and text on ARM64 under QEMU (tests/guests/rich-text,
/// tests/systems/rich-text.yaml, one boot with -icount): the guest's own PASS lines, then its
/// printed doubles, floats, formatted and parsed numbers compared line by line with this host's
/// .NET, and its Math results compared in units in the last place (MaxUlps).
/// </summary>
[Collection("emulator")]
public class RichTextTests
{
    private const string Domain = "text";

    private static readonly Lazy<RunResult> Run = new(() =>
    {
        SystemBuilder.Result built = SystemBuilder.Build(TestImages.Repo, SystemRuns.Variant("rich-text", 3), TextWriter.Null);
        var machine = Machines.QemuFor(built.Board, built.Hypervisor, cores: null, cpu: "cortex-a72").Deterministic();
        return EmulatorRun.Run(QemuArm64Machine.Executable, machine.Arguments(), TimeSpan.FromSeconds(900));
    });

    public static readonly TheoryData<string> Checks = new()
    {
        "list-basics", "list-sort", "list-sort-comparer", "list-clear", "list-equals-override",
        "dictionary-count", "dictionary-remove", "dictionary-foreach", "dictionary-keys-values", "dictionary-grow-remove", "dictionary-record-key",
        "queue", "stack", "hashset", "equality-comparer", "comparer-default", "object-hash",
        "span-slice", "span-stackalloc-copy", "span-string", "span-readonly",
        "stringbuilder-append", "stringbuilder-edit", "stringbuilder-grow", "stringbuilder-format",
        "interpolation-basic", "interpolation-format", "interpolation-alignment", "interpolation-string", "string-format", "string-format-escapes", "concat-double",
        "string-split", "string-split-options", "string-trim", "string-search", "string-replace", "string-case", "string-pad", "string-null-empty",
        "string-concat-objects", "string-substring-insert", "string-ctor", "string-equality-hash",
        "int-formats", "long-formats", "double-formats", "int-parse", "long-uint-ulong-parse", "double-parse", "float-parse",
        "record-equality", "record-tostring", "record-with", "typeof-gettype", "math-rounding", "math-basics", "mathf",
    };

    [Theory, MemberData(nameof(Checks))]
    public void Guest_check_passes(string check) => GuestVerdicts.AssertPassed(Run.Value, Domain, check);

    [Fact]
    public void Guest_finished_with_no_failure_and_powered_off()
    {
        var run = Run.Value;
        Assert.Contains($"[{Domain}] rich-text: done, {Checks.Count} passed, 0 failed", run.Lines);
        Assert.Contains($"[{Domain}] rich-text: printed", run.Lines);
        Assert.DoesNotContain(run.Lines, l => l.Contains("console lines dropped") || l.Contains("console line dropped"));
        Assert.Equal(RunOutcome.PoweredOff, run.Outcome);
    }

    /// <summary>Every printed double/float ToString(), formatted double and parsed text is exactly what .NET prints here.</summary>
    [Fact]
    public void Doubles_floats_formats_and_parses_match_the_host()
    {
        var previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        try
        {
            var mismatches = new List<string>();
            int doubles = 0, floats = 0, formats = 0, parses = 0;
            foreach (string line in GuestLines())
            {
                string[] p = line.Split(' ', 4);
                switch (p[0])
                {
                    case "D":
                    {
                        doubles++;
                        double d = BitConverter.UInt64BitsToDouble(ulong.Parse(p[1], NumberStyles.HexNumber));
                        Compare(mismatches, line, d.ToString(), line.Substring(2 + 16 + 1));
                        break;
                    }
                    case "S":
                    {
                        floats++;
                        float f = BitConverter.UInt32BitsToSingle(uint.Parse(p[1], NumberStyles.HexNumber));
                        Compare(mismatches, line, f.ToString(), line.Substring(2 + 8 + 1));
                        break;
                    }
                    case "F":
                    {
                        formats++;
                        double d = BitConverter.UInt64BitsToDouble(ulong.Parse(p[1], NumberStyles.HexNumber));
                        Compare(mismatches, line, d.ToString(p[2]), p.Length > 3 ? p[3] : "");
                        break;
                    }
                    case "P":
                    {
                        parses++;
                        string text = line.Substring(2 + p[1].Length + 1);
                        bool ok = double.TryParse(text, NumberStyles.Float | NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out double d);
                        Compare(mismatches, line, ok ? BitConverter.DoubleToUInt64Bits(d).ToString("X16") : "fail", p[1]);
                        break;
                    }
                }
            }
            Assert.True(doubles >= 2000 && floats >= 500 && formats >= 150 && parses >= 130, $"too few lines: {doubles} doubles, {floats} floats, {formats} formats, {parses} parses");
            Assert.True(mismatches.Count == 0, $"{mismatches.Count} of {doubles + floats + formats + parses} lines differ from the host:\n{string.Join("\n", mismatches.Take(40))}");
        }
        finally { CultureInfo.CurrentCulture = previous; }
    }

    private static void Compare(List<string> mismatches, string line, string host, string guest)
    {
        if (host != guest) mismatches.Add($"{line}   (host: {host})");
    }

    /// <summary>
    /// The documented accuracy of corelib-rich/Math against the host's Math (glibc-backed, itself
    /// within an ulp of exact): the largest difference in units in the last place over the tested inputs.
    /// </summary>
    public static readonly (string Name, long MaxUlps)[] Functions =
    [
        ("Sin", 1), ("Cos", 1), ("Tan", 2), ("Sin(|x|<7e5)", 1), ("Asin", 2), ("Acos", 2), ("Atan", 1), ("Atan2", 2),
        ("Exp", 1), ("Log", 1), ("Log(small)", 1), ("Log10", 2), ("Log2", 2), ("Pow", 2), ("Pow(integer)", 1),
        ("Sqrt", 0), ("Sinh", 2), ("Cosh", 2), ("Tanh", 2), ("Floor", 0), ("Ceiling", 0), ("Round", 0), ("Truncate", 0),
    ];

    [Fact]
    public void Math_results_are_within_the_documented_ulps_of_the_host()
    {
        var rounds = new Dictionary<int, double[]>();
        foreach (string line in GuestLines().Where(l => l.StartsWith("M ", StringComparison.Ordinal)))
        {
            string[] p = line.Split(' ');
            int round = int.Parse(p[1]), first = int.Parse(p[2]);
            if (!rounds.TryGetValue(round, out double[]? values)) rounds[round] = values = new double[Functions.Length];
            for (int j = 3; j < p.Length; j++) values[first + j - 3] = BitConverter.UInt64BitsToDouble(ulong.Parse(p[j], NumberStyles.HexNumber));
        }
        Assert.True(rounds.Count >= 100, $"only {rounds.Count} Math rounds printed");
        var worst = new long[Functions.Length];
        var failures = new List<string>();
        ulong seed = MathSeed;
        for (int i = 0; i < rounds.Count; i++)
        {
            MathInputs(ref seed, out double u, out double wide, out double positive, out double small, out double exponent, out double logInput);
            double[] host =
            [
                Math.Sin(wide), Math.Cos(wide), Math.Tan(wide), Math.Sin(exponent * 1000), Math.Asin(small), Math.Acos(small),
                Math.Atan(wide), Math.Atan2(small, wide), Math.Exp(exponent), Math.Log(logInput), Math.Log(positive),
                Math.Log10(logInput), Math.Log2(positive), Math.Pow(positive, small * 20), Math.Pow(u * 2, (double)(long)(wide / 4)),
                Math.Sqrt(logInput), Math.Sinh(small * 10), Math.Cosh(small * 10), Math.Tanh(small * 5),
                Math.Floor(wide), Math.Ceiling(wide), Math.Round(wide), Math.Truncate(wide),
            ];
            Assert.True(rounds.ContainsKey(i), $"Math round {i} missing");
            for (int k = 0; k < host.Length; k++)
            {
                long ulps = Ulps(rounds[i][k], host[k]);
                worst[k] = Math.Max(worst[k], ulps);
                if (ulps > Functions[k].MaxUlps)
                    failures.Add($"{Functions[k].Name} round {i}: guest {rounds[i][k]:R}, host {host[k]:R} ({ulps} ulp)");
            }
        }
        string table = string.Join(", ", Functions.Select((f, k) => $"{f.Name} {worst[k]}"));
        Assert.True(failures.Count == 0, $"beyond tolerance:\n{string.Join("\n", failures.Take(30))}\nworst ulps: {table}");
    }

    // The guest's Math input generator (tests/guests/rich-text/Program.cs MathInputs), repeated exactly.
    private const ulong MathSeed = 0x2545F4914F6CDD1DUL;

    private static void MathInputs(ref ulong seed, out double u, out double wide, out double positive, out double small, out double exponent, out double logInput)
    {
        seed ^= seed << 13; seed ^= seed >> 7; seed ^= seed << 17;
        u = (double)(seed >> 11) / 9007199254740992.0;
        wide = (u - 0.5) * 200;
        positive = u * 1000 + 1e-3;
        small = (u - 0.5) * 2;
        exponent = (u - 0.5) * 1400;
        seed ^= seed << 13; seed ^= seed >> 7; seed ^= seed << 17;
        logInput = BitConverter.UInt64BitsToDouble((seed % 0x7FE0000000000000UL) + 0x0010000000000000UL);
    }

    private static long Ulps(double a, double b)
    {
        if (double.IsNaN(a) && double.IsNaN(b)) return 0;
        if (a == b) return 0;
        if (double.IsNaN(a) || double.IsNaN(b)) return long.MaxValue;
        long x = BitConverter.DoubleToInt64Bits(a), y = BitConverter.DoubleToInt64Bits(b);
        if (x < 0) x = long.MinValue - x;
        if (y < 0) y = long.MinValue - y;
        return Math.Abs(x - y);
    }

    private static IEnumerable<string> GuestLines()
    {
        string prefix = $"[{Domain}] ";
        return Run.Value.Lines.Where(l => l.StartsWith(prefix, StringComparison.Ordinal)).Select(l => l.Substring(prefix.Length));
    }
}
