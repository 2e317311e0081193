using Bulkhead.Emulation;
using Xunit;
using Xunit.Abstractions;

namespace Bulkhead.Tests;

/// <summary>
/// The rich C# profile's dispatch on ARM64 (tests/guests/rich-dispatch, tests/systems/rich-dispatch.yaml,
/// booted once under QEMU with -icount): interface calls through ILCompiler's dispatch cells (classes,
/// boxed structs, interface inheritance, default interface methods), casts and type tests to interfaces,
/// delegates (static, instance, closures, virtual and interface targets, multicast, events), foreach over
/// IEnumerable&lt;T&gt;, using/IDisposable, IComparable&lt;T&gt;/IEquatable&lt;T&gt; through the interface,
/// generic variance (IEnumerable&lt;string&gt; as IEnumerable&lt;object&gt;, IComparer&lt;object&gt; as IComparer&lt;string&gt;)
/// and generic virtual methods (of classes and interfaces) instantiated over value types.
/// The guest judges itself; the *-went-through-* checks read the runtime's counters, so a check cannot
/// pass merely because ILCompiler devirtualized the call.
/// </summary>
[Collection("emulator")]
public class RichDispatchTests(ITestOutputHelper output)
{
    public static readonly TheoryData<string> Checks = new()
    {
        "interface-call-classes-and-struct", "interface-property", "interface-call-site-polymorphic",
        "interface-inheritance", "default-interface-method", "default-interface-method-four-types",
        "interface-second-interface", "interface-calls-went-through-dispatch-cells",
        "is-interface", "is-not-interface", "as-interface", "cast-interface", "cast-null-to-interface",
        "is-generic-interface", "is-generic-interface-variance", "is-class-still-works", "casts-went-through-the-runtime",
        "delegate-static", "delegate-instance", "lambda-closure-sees-later-writes", "lambda-closure-writes-back",
        "func-returns-values", "func-action-four-args", "multicast-order", "multicast-remove", "multicast-remove-to-null",
        "delegate-virtual-method", "delegate-interface-method", "predicate-comparison", "custom-delegate-type",
        "event-handler", "delegate-equality",
        "foreach-ienumerable", "foreach-disposes-enumerator", "foreach-several-enumerables", "foreach-went-through-dispatch-cells",
        "using-opens", "using-disposes", "using-through-interface",
        "icomparable-via-interface", "iequatable-via-interface", "icomparable-struct-boxed",
        "variance-covariant-is", "variance-covariant-foreach", "variance-contravariant-call", "variance-went-through-the-runtime",
        "generic-virtual-method-override", "generic-virtual-method-base-and-inherited", "generic-interface-method-class-and-struct",
    };

    private static RunResult Run => SystemRuns.BootFile("tests/systems/rich-dispatch.yaml");

    [Theory, MemberData(nameof(Checks))]
    public void Guest_check_passes(string check) => GuestVerdicts.AssertPassed(Run, "dispatch", check);

    [Fact]
    public void Guest_reports_every_check_and_no_failure()
    {
        var run = Run;
        GuestVerdicts.AssertNoFailure(run);
        Assert.Contains($"[dispatch] rich-dispatch: done, {Checks.Count} passed, 0 failed", run.Lines);
        Assert.Equal(RunOutcome.PoweredOff, run.Outcome);
    }

    /// <summary>The guest's timing of 100,000 interface calls (a cached cell) and delegate calls, for the record.</summary>
    [Fact]
    public void Guest_reports_the_cost_of_an_interface_call_and_a_delegate_call()
    {
        string? cost = Run.Lines.FirstOrDefault(l => l.StartsWith("[dispatch] cost: interface call ", StringComparison.Ordinal));
        Assert.True(cost != null, Run.Console);
        output.WriteLine(cost);
    }

    /// <summary>
    /// The known gap, probed after the done line: a generic virtual method instantiated over a reference
    /// type (shared code that needs a generic dictionary the runtime does not build) stops the domain
    /// with a clear message.
    /// </summary>
    [Fact]
    public void Generic_virtual_method_over_a_reference_type_stops_the_domain_with_a_clear_message()
    {
        var run = Run;
        int done = run.IndexOf(l => l.StartsWith("[dispatch] rich-dispatch: done,", StringComparison.Ordinal));
        int probe = run.IndexOf(l => l == "[dispatch] gvm-probe: calling a generic virtual method over a reference type");
        int stopped = run.IndexOf(l => l.StartsWith("hv: domain dispatch stopped: fatal error reported by the guest: unsupported: generic virtual method over a reference type", StringComparison.Ordinal));
        Assert.True(done >= 0 && probe > done && stopped > probe, run.Console);
        Assert.DoesNotContain(run.Lines, l => l.StartsWith("[dispatch] gvm-probe: returned", StringComparison.Ordinal));
    }
}
