using Bulkhead.Emulation;
using Xunit;

namespace Bulkhead.Tests;

/// <summary>
/// Exceptions in a rich service (tests/systems/rich-eh.yaml, booted once under -icount): the guest
/// tests/guests/rich-eh judges throw/catch/finally/filters/using/rethrow and the run-time checks
/// itself; its second domain throws an exception nothing catches, which must be that domain's fatal
/// report naming the type and message while the first domain runs on to its done line.
/// </summary>
[Collection("emulator")]
public class RichExceptionTests
{
    private static readonly string[] Checks =
    [
        "two-vcpus", "catch-exact", "catch-base", "catch-object", "finally-normal", "finally-exceptional", "nested-order",
        "deep-frames", "registers-intact", "rethrow", "rethrow-object", "filter", "filter-throws", "using",
        "bounds", "overflow", "divide", "cast", "throw-null", "catch-in-catch", "finally-replaces",
        "nested-handlers", "finally-throws", "generic-exception", "loop-10k", "custom", "type-name",
    ];

    private static RunResult Run => SystemRuns.Boot("rich-eh", 3);

    [Fact]
    public void Every_exception_case_passes_in_the_guest()
    {
        GuestVerdicts.AssertPassed(Run, "eh", Checks);
        Assert.True(Run.Lines.Contains($"[eh] rich-eh: done, {Checks.Length} passed, 0 failed"), Run.Console);
        Assert.Contains("hv: domain eh stopped: powered off (PSCI SYSTEM_OFF)", Run.Lines);
    }

    [Fact]
    public void An_unhandled_exception_stops_only_its_domain_with_type_and_message()
    {
        int thrown = Run.IndexOf(l => l == "[unhandled] unhandled: throwing");
        int report = Run.IndexOf(l => l.StartsWith(
            "hv: domain unhandled stopped: fatal error reported by the guest: unhandled exception: SensorFault: sensor 7 stuck at 0x", StringComparison.Ordinal));
        Assert.True(thrown >= 0 && report > thrown, Run.Console);
        // Nothing the service prints after the throw: the test line "rich-eh: done" never comes from it.
        Assert.DoesNotContain(Run.Lines, l => l.StartsWith("[unhandled] PASS", StringComparison.Ordinal) || l.StartsWith("[unhandled] rich-eh", StringComparison.Ordinal));
        int done = Run.IndexOf(l => l.StartsWith("[eh] rich-eh: done", StringComparison.Ordinal));
        Assert.True(done > report, "the other domain must keep running after the fault:\n" + Run.Console);
        Assert.Equal(RunOutcome.PoweredOff, Run.Outcome);
    }
}

/// <summary>The build step that names types at run time (tools/Bulkhead.Build/TypeNameTable.cs), on hand-made inputs.</summary>
public class TypeNameTableTests
{
    private const string Map = """
        <ObjectNodes>
          <ConstructedEEType Name="_ZTV38guest_System_InvalidOperationException" Length="56" />
          <EEType Name="_ZTV17guest_SensorFault" Length="56" />
          <ConstructedEEType Name="_ZTV24guest_Outer_Inner_Nested" Length="56" />
          <ConstructedEEType Name="_ZTV6Object" Length="56" />
          <ConstructedEEType Name="_ZTV14__Array&lt;Int32&gt;" Length="56" />
          <MethodCode Name="guest_Other_Type" Length="4" />
        </ObjectNodes>
        """;

    [Fact]
    public void Types_with_a_method_table_in_the_map_are_named_by_their_full_names()
    {
        var rows = Bulkhead.Build.TypeNameTable.Rows(
            ["System.InvalidOperationException", "SensorFault", "Outer.Inner+Nested", "Other.Type", "List`1", "Missing.Type"], Map, "guest");
        Assert.Equal(
            [("_ZTV6Object", "System.Object"), ("_ZTV38guest_System_InvalidOperationException", "System.InvalidOperationException"),
             ("_ZTV17guest_SensorFault", "SensorFault"), ("_ZTV24guest_Outer_Inner_Nested", "Outer.Inner+Nested")],
            rows);
    }

    [Fact]
    public void The_table_is_a_count_then_symbol_and_name_rows()
    {
        string asm = Bulkhead.Build.TypeNameTable.AssemblySource([("_ZTV17guest_SensorFault", "SensorFault")]);
        Assert.Contains("__eh_type_names:", asm);
        Assert.Contains("    .quad 1", asm);
        Assert.Contains("    .quad _ZTV17guest_SensorFault, .Leh_type_name_0", asm);
        Assert.Contains(".Leh_type_name_0: .asciz \"SensorFault\"", asm);
    }
}
