using Bulkhead.Build;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using static Bulkhead.Sdk.Tests.AnalyzerHarness;

namespace Bulkhead.Sdk.Tests;

/// <summary>
/// BH1015: in a strict service nothing reachable from a timer, interrupt or channel callback
/// allocates. The snippets are services compiled with the real core library and guest SDK (the
/// registrations must bind to Time.Every, Interrupts.Register and Channel.OnDoorbell).
/// </summary>
public class CallbackAllocationTests
{
    // The guest SDK as a service sees it (as AnalyzerOnRealSourcesTests compiles it), parsed once.
    private static readonly Lazy<IReadOnlyList<SyntaxTree>> s_sdk = new(() => Parse(
        RepoLayout.CSharpFiles(Path.Combine(Repo.HvCore, "Abi"))
            .Concat(HypervisorBuild.SharedCSharp(Repo, TargetArch.Arm64))
            .Concat(RepoLayout.CSharpFiles(Path.Combine(Repo.Root, "unikernel-sdk", "guest")))
            .Concat(RepoLayout.CSharpFiles(Path.Combine(Repo.Root, "unikernel-sdk", "guest-arm64")))
            .Concat(RepoLayout.CSharpFiles(Path.Combine(Repo.Root, "unikernel-sdk", "ide")))));

    private static IReadOnlyList<Diagnostic> Service(string body, bool rich = false)
    {
        string source = "using Bulkhead.Guest;\npublic static unsafe class Program\n{\n" + body + "\n}\n" +
                        "public sealed class Sample { public int Value; }\npublic struct Pair { public int A, B; public Pair(int a) { A = a; B = 0; } }\n";
        var options = rich ? AnalyzerHarness.ParseOptions.WithPreprocessorSymbols("BULKHEAD_RICH") : AnalyzerHarness.ParseOptions;
        var compilation = BareMetal(s_sdk.Value.Append(CSharpSyntaxTree.ParseText(source, options, "Service.cs")));
        return Analyze(compilation).Where(d => d.Id == "BH1015").ToList();
    }

    private static void Expect(string body, params string[] expected) => Assert.Equal(expected, Describe(Service(body)));

    [Fact]
    public void An_allocation_in_a_timer_callback_is_reported_at_the_site()
    {
        var d = Assert.Single(Service("public static void Main() { Time.Every(10, &OnTick); }\nstatic void OnTick(int vcpu) { var s = new Sample(); }"));
        Assert.Equal("BH1015@new Sample()", Describe([d]).Single());
        Assert.Contains("'new Sample(...)' in code reachable from the timer callback 'OnTick' (directly)", d.GetMessage());
    }

    [Fact]
    public void The_message_names_the_path_from_the_callback()
    {
        var d = Assert.Single(Service("public static void Main() { Time.Every(10, &OnTick); }\n" +
            "static void OnTick(int vcpu) => Step(vcpu);\nstatic void Step(int n) { if (n > 0) Log(n); }\nstatic void Log(int n) { int[] copy = new int[n]; }"));
        Assert.Contains("reachable from the timer callback 'OnTick' (via Step -> Log)", d.GetMessage());
        Assert.Equal("BH1015@new int[n]", Describe([d]).Single());
    }

    [Fact]
    public void Interrupt_and_channel_callbacks_are_roots_too() =>
        Expect("public static void Main() { Interrupts.Register(40, &OnIrq); Channel c = default; c.OnDoorbell(&OnBell); }\n" +
               "static void OnIrq(uint id) { object o = id; }\nstatic void OnBell(uint id) { var a = new Sample[2]; }",
            "BH1015@id", "BH1015@new Sample[2]");

    [Fact]
    public void String_building_in_a_callback_is_reported_with_the_library_chain()
    {
        var found = Service("public static void Main() { Time.Every(10, &OnTick); }\nstatic int s_n;\n" +
            "static void OnTick(int vcpu) { string a = \"n=\" + vcpu.ToString(); string b = string.Concat(\"x\", a); Console.WriteLine(\"tick\"); }");
        Assert.Equal(["BH1015@\"n=\" + vcpu.ToString()", "BH1015@ToString", "BH1015@Concat"], Describe(found));
        Assert.Contains("'int.ToString' allocates (", found[1].GetMessage());
        Assert.Contains("Heap.New", found[1].GetMessage());
    }

    [Fact]
    public void Writing_constant_text_and_updating_preallocated_state_is_allowed() =>
        Expect("static Sample s_sample = null!; static int[] s_history = null!;\n" +
               "public static void Main() { s_sample = new Sample(); s_history = new int[8]; Time.Every(10, &OnTick); }\n" +
               "static void OnTick(int vcpu) { s_sample.Value++; s_history[vcpu] = s_sample.Value; var p = new Pair(vcpu); Console.WriteLine(\"tick\"); Health.Heartbeat(); }");

    [Fact]
    public void Allocation_during_start_up_and_in_code_no_callback_reaches_is_allowed() =>
        Expect("public static void Main() { var s = new Sample(); string t = \"a\" + s.Value.ToString(); Time.Every(10, &OnTick); }\n" +
               "static void OnTick(int vcpu) { }\nstatic void Unused() { var x = new Sample(); }");

    [Fact]
    public void Each_site_is_reported_once_when_several_callbacks_reach_it() =>
        Expect("public static void Main() { Time.Every(10, &A); Interrupts.Register(40, &B); }\n" +
               "static void A(int v) => Shared();\nstatic void B(uint id) => Shared();\nstatic void Shared() { var s = new Sample(); }",
            "BH1015@new Sample()");

    [Fact]
    public void Recursion_and_properties_are_followed()
    {
        var found = Service("public static void Main() { Time.Every(10, &OnTick); }\n" +
            "static Sample Current => new Sample();\nstatic void OnTick(int vcpu) { Loop(3); }\nstatic void Loop(int n) { if (n > 0) Loop(n - 1); var c = Current; }");
        var d = Assert.Single(found);
        Assert.Contains("(via Loop -> get_Current)", d.GetMessage());
    }

    [Fact]
    public void Rich_services_are_not_checked() =>
        Assert.Empty(Service("public static void Main() { Time.Every(10, &OnTick); }\nstatic void OnTick(int vcpu) { var s = new Sample(); }", rich: true));
}
