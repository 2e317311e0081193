using Bulkhead.Emulation;
using Bulkhead.Systems;
using Xunit;

namespace Bulkhead.Tests;

/// <summary>
/// The rich profile's garbage collector (unikernel-sdk/corelib-rich/Gc) on target:
/// tests/systems/rich-gc.yaml boots tests/guests/rich-gc once in two domains, "gc"
/// (2 vCPUs, heap = the rest of its RAM: every check) and "small" (`heap: 1M`: the churn), which judge
/// themselves with PASS/FAIL lines. A strict guest's image must not contain the collector.
/// Not under -icount: QEMU then runs the cores round-robin in one thread, and a vCPU started while
/// vCPU 0 churns did not get to run at all (see HostileGuestRuns); the checks judge contents and
/// collection counts, never timing, so multi-threaded TCG leaves them exact.
/// </summary>
[Collection("emulator")]
public class RichGcTests
{
    private static readonly Lazy<RunResult> Run = new(() =>
    {
        string file = SystemRuns.Variant("rich-gc", 3);
        SystemBuilder.Result built = SystemBuilder.Build(TestImages.Repo, file, TextWriter.Null);
        var machine = Machines.QemuFor(built.Board, built.Hypervisor, cores: null, cpu: "cortex-a72");
        return EmulatorRun.Run(QemuArm64Machine.Executable, machine.Arguments(), TimeSpan.FromSeconds(300));
    });

    [Theory]
    [InlineData("churn")]
    [InlineData("collect-frees")]
    [InlineData("linked-survives")]
    [InlineData("struct-array-refs")]
    [InlineData("static-root")]
    [InlineData("collection-count")]
    [InlineData("two-vcpus")]
    public void Collector_check_passes_with_the_heap_the_rest_of_the_ram(string check) =>
        GuestVerdicts.AssertPassed(Run.Value, "gc", check);

    [Fact]
    public void Churn_passes_in_a_one_mebibyte_heap() => GuestVerdicts.AssertPassed(Run.Value, "small", "churn");

    [Theory]
    [InlineData("gc", 7)]
    [InlineData("small", 1)]
    public void Every_check_ran_and_none_failed(string domain, int passed)
    {
        Assert.True(Run.Value.Lines.Contains($"[{domain}] rich-gc: done, {passed} passed, 0 failed"), Run.Value.Console);
        Assert.DoesNotContain(Run.Value.Lines, l => l.StartsWith("hv: domain", StringComparison.Ordinal) && l.Contains(" stopped: ") && !l.Contains("powered off"));
    }

    [Fact]
    public void A_strict_guest_image_has_no_collector_and_a_rich_one_has()
    {
        _ = Run.Value; // built the rich images
        // cpu-features' QM guest, kept on the strict subset (QM defaults to rich).
        string strictFile = Path.Combine(TestImages.Repo.OutputRoot, "test-systems", "cpu-features-strict.yaml");
        Directory.CreateDirectory(Path.GetDirectoryName(strictFile)!);
        File.WriteAllText(strictFile, File.ReadAllText(SystemRuns.Variant("cpu-features", 3))
            .Replace("name: cpu-features-gicv3\n", "name: cpu-features-strict\n").Replace("    criticality: QM\n", "    criticality: QM\n    profile: strict\n"));
        SystemBuilder.Build(TestImages.Repo, strictFile, TextWriter.Null);
        string strictMap = File.ReadAllText(Path.Combine(TestImages.Repo.OutputRoot, "systems", "cpu-features-strict", "features", "guest.link.map"));
        string richMap = File.ReadAllText(Path.Combine(TestImages.Repo.OutputRoot, "systems", "rich-gc-gicv3", "gc", "guest.link.map"));
        Assert.Contains("Bulkhead_Runtime_GcHeap__", richMap);
        Assert.DoesNotContain("Bulkhead_Runtime_GcHeap__", strictMap);
        Assert.DoesNotContain("bh_gc_", strictMap);
        Assert.Contains("guest_Bulkhead_Runtime_Heap__NewObject", strictMap); // the bump allocator still serves `new`
    }
}
