using Bulkhead.Systems.Bench;
using Xunit;
using Xunit.Abstractions;

namespace Bulkhead.X86.Tests;

/// <summary>
/// The x86 rows of `bulkhead bench` (Bench/X86Bench.cs): bench/bench-x86.yaml under hv-x86 in Bochs
/// and the same latency service booted natively in Bochs, each twice. Every row is there with a
/// plausible value, and the two runs of each side give identical figures (Bochs' instruction clock).
/// </summary>
[Collection("bochs")]
public class X86BenchTests(ITestOutputHelper output)
{
    private static readonly Lazy<BenchReport> s_report = new(() => X86Bench.RunAlone(X86Systems.Repo, quick: false, TextWriter.Null));

    private BenchReport Report()
    {
        var report = s_report.Value;
        output.WriteLine(report.ToTable());
        return report;
    }

    [Fact]
    public void Every_x86_row_is_there_with_a_plausible_value()
    {
        var report = Report();
        BenchStat Hv(string key) => report.Row(key).Hypervisor;

        // A VMCALL round trip is a VM exit, the hypervisor's dispatch and a VM entry: tens to thousands of instructions.
        foreach (string call in new[] { "x86.hypercall.abi_version", "x86.hypercall.heartbeat" })
            Assert.InRange(Hv(call).Min, 20UL, 20000UL);
        Assert.True(Hv("x86.hypercall.sdk_abi_version").Median > Hv("x86.hypercall.abi_version").Median);

        var irq = report.Row("x86.irq.timer_latency");
        Assert.Matches(@"^\d+/\d+/\d+$", irq.HypervisorText);
        Assert.NotNull(irq.Native);
        Assert.True(irq.Native!.Value.Median > 0, "the native timer interrupt was not measured");
        Assert.True(irq.Hypervisor.Median > irq.Native.Value.Median, "the hypervisor cannot deliver the timer faster than the bare APIC");
        Assert.Equal(irq.Hypervisor.Median - irq.Native.Value.Median, Hv("x86.irq.added_by_hypervisor").Median);

        // hv-x86 has no tick, but re-enters every guest at least every 10 ms (a preemption-timer
        // safety net for lost signals, VirtualInterrupts.PrepareEntry): at most ~100 exits per second.
        Assert.InRange(Hv("x86.compute.exits_per_second").Median, 0UL, 101UL);
        var compute = report.Row("x86.compute.run_time");
        Assert.InRange(compute.Ratio!.Value, 0.99, 1.01);   // the same loop, no exits: the same instruction count

        var boot = report.Row("x86.boot.first_output");
        Assert.True(boot.Hypervisor.Median > boot.Native!.Value.Median, "booting the hypervisor first cannot be faster than the service alone");
        Assert.True(Hv("x86.size.hypervisor_image").Median > Hv("x86.size.guest").Median);
        Assert.True(Hv("x86.size.guest").Median > 10000);
        Assert.True(Hv("x86.size.hypervisor_source").Median > 1000);
        Assert.All(report.Rows, r => Assert.StartsWith("x86.", r.Key));
    }

    [Fact]
    public void Two_runs_of_each_side_give_identical_figures()
    {
        var report = Report();
        Assert.Equal(2, report.Runs);
        Assert.True(report.Deterministic, "two Bochs runs gave different x86 figures");
        Assert.Contains("\"x86.hypercall.abi_version\"", report.ToJson());
    }
}
