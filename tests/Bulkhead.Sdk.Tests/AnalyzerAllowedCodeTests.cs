using static Bulkhead.Sdk.Tests.AnalyzerHarness;

namespace Bulkhead.Sdk.Tests;

/// <summary>What works on bare metal stays free of BH diagnostics (docs/csharp-subset.md, "works").</summary>
public class AnalyzerAllowedCodeTests
{
    [Theory]
    [InlineData("function pointers", "static void Tick(int v) { } static delegate*<int, void> G() => &Tick;")]
    [InlineData("static abstract calls through a type parameter", "interface IArch { static abstract uint Id(); } struct A : IArch { public static uint Id() => 1; } static uint G<T>() where T : struct, IArch => T.Id();")]
    [InlineData("instance calls on a constrained type parameter", "interface IReg { uint Read(); } static uint G<T>(T r) where T : struct, IReg => r.Read();")]
    [InlineData("foreach over arrays and strings", "static int G(int[] xs, string s) { int n = 0; foreach (var x in xs) n += x; foreach (char c in s) n++; return n; }")]
    [InlineData("foreach with a struct enumerator", "struct Bag { public E GetEnumerator() => default; } struct E { public int Current => 0; public bool MoveNext() => false; } static void G(Bag b) { foreach (var x in b) { } }")]
    [InlineData("string.Concat, integer ToString and string-only interpolation", "static string G(int n, string s) => string.Concat(\"n=\", n.ToString(), n.ToString(\"x\")) + $\"{s}!\";")]
    [InlineData("classes, virtual calls, casts to classes", "class B { public virtual int V() => 1; } sealed class D : B { public override int V() => 2; } static int G(object o) => o is D d ? d.V() : ((B)o).V();")]
    [InlineData("checked arithmetic", "static int G(int a, int b) => checked(a + b);")]
    [InlineData("structs, enums, unsafe and volatile", "enum Mode { A, B } struct R { public volatile uint V; } static uint G(R* r, Mode m) => m == Mode.A ? System.Threading.Volatile.Read(ref r->V) : 0;")]
    [InlineData("members named like reflection types", "static System.AttributeTargets G() => System.AttributeTargets.Assembly;")]
    [InlineData("up-casts to an interface the compiler proves", "interface IDev { } sealed class Uart : IDev { } static bool G(Uart u) { IDev a = (IDev)u; return u is IDev && a != null; }")]
    [InlineData("local functions", "static int G(int x) { return Twice(x); static int Twice(int y) => y * 2; }")]
    public void Allowed(string what, string body)
    {
        string source = "public static unsafe class Program\n{\n    public static void Main() { }\n" + body + "\n}\n";
        var compilation = BareMetal(source);
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, $"{what} does not compile on the core library:\n{string.Join("\n", errors)}");
        Assert.Empty(Describe(Analyze(compilation)));
    }
}
