using Microsoft.CodeAnalysis.CSharp;
using static Bulkhead.Sdk.Tests.AnalyzerHarness;

namespace Bulkhead.Sdk.Tests;

/// <summary>
/// Which BH1xxx rules a rich service (compiled with BULKHEAD_RICH, docs/csharp-subset.md) still gets:
/// the C# the rich runtime supports is silent, what it does not (LINQ, async, lock,
/// dynamic, ThreadStatic, reflection beyond Type names) stays an error, and BH1015 is strict-only.
/// </summary>
public class RichProfileRuleTests
{
    private static IReadOnlyList<string> Rich(string body) =>
        Describe(Analyze(BareMetal([CSharpSyntaxTree.ParseText(
            "public static unsafe class Program\n{\n    public static void Main() { }\n" + body + "\n}\n" +
            "public interface IDevice { uint Read(); }\npublic sealed class Uart : IDevice { public uint Read() => 1; }\n",
            AnalyzerHarness.ParseOptions.WithPreprocessorSymbols("BULKHEAD_RICH"), "Rich.cs")])));

    [Fact]
    public void Throw_try_lambdas_formatting_foreach_iterators_and_interfaces_are_silent() =>
        Assert.Empty(Rich("delegate int F(int x);\nstatic System.Collections.Generic.IEnumerable<int> Evens() { yield return 0; yield break; }\n" +
            "static string G(IDevice d, double t, object o, System.Collections.Generic.IEnumerable<int> xs) {\n" +
            "  try { if (t < 0) throw null!; } catch { } finally { }\n" +
            "  F f = x => x + 1; foreach (var x in xs) { }\n" +
            "  var i = (IDevice)o; return $\"{d.Read()} {t:F2}\" + t.ToString() + string.Format(\"{0}\", t); }"));

    [Fact]
    public void Type_names_and_identity_are_allowed_but_reflection_is_not() =>
        Assert.Equal(["BH1007@typeof(Uart).GetMethod", "BH1007@MethodInfo"],
            Rich("static string G(object o) { var n = o.GetType().Name + typeof(Uart).FullName; bool same = o.GetType() == typeof(Uart);\n" +
                 "  var m = typeof(Uart).GetMethod(\"Read\"); System.Reflection.MethodInfo? i = null; return n; }"));

    [Theory]
    [InlineData("static async void Run() { await Run2(); } static object Run2() => null!;", "BH1003@async")]
    [InlineData("static void G(int[] xs) { var q = from x in xs select x; }", "BH1006@from x in xs select x")]
    [InlineData("using System.Linq;", "BH1006@using System.Linq;")]
    [InlineData("static void G() { dynamic d = 1; }", "BH1008@dynamic")]
    [InlineData("[System.ThreadStatic] static int s_perThread;", "BH1009@System.ThreadStatic")]
    [InlineData("static object s_gate = new object(); static void G() { lock (s_gate) { } }", "BH1014@lock")]
    public void What_the_rich_runtime_lacks_stays_an_error(string body, string expected) =>
        Assert.Contains(expected, body.StartsWith("using", StringComparison.Ordinal) ? RichFile(body + "\npublic static class P { }") : Rich(body));

    [Fact]
    public void A_call_that_does_not_bind_is_not_guessed_to_be_linq() =>
        // List<T>.Contains, Math.Max and string.Join exist in the rich core library.
        Assert.Empty(Rich("static bool G(Uart u) => u.Contains(1) && u.Max() > 0;"));

    private static IReadOnlyList<string> RichFile(string source) =>
        Describe(Analyze(BareMetal([CSharpSyntaxTree.ParseText(source, AnalyzerHarness.ParseOptions.WithPreprocessorSymbols("BULKHEAD_RICH"), "Rich.cs")])));
}
