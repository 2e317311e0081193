using Bulkhead.Config.Checking;
using Bulkhead.Config.Planning;
using Bulkhead.Core.Plan;

namespace Bulkhead.Config.Tests;

/// <summary>'interrupt_delivery: direct' in the plan (2.6): the domain flag, and the reader's check on it.</summary>
public unsafe class DirectInterruptPlanTests
{
    static byte[] Plan()
    {
        var result = Checker.CheckFile(TestPaths.Fixture("valid", "direct-interrupts.yaml"));
        Assert.Equal(0, result.ExitCode);
        return PlanWriter.Write(result.System!);
    }

    static uint DomainOffset(byte[] blob, uint index) =>
        BitConverter.ToUInt32(blob, (int)(PlanFormat.HTables + PlanFormat.TableDomains * 8)) + index * PlanFormat.DomainSize;

    [Fact]
    public void Only_the_direct_domain_carries_the_flag()
    {
        var blob = Plan();
        fixed (byte* p = blob)
        {
            Assert.Equal(PlanError.None, PlanReader.Open(p, (uint)blob.Length, out var r));
            Assert.True(r.GetDomain(0).DirectInterrupts);      // fast: interrupt_delivery: direct
            Assert.False(r.GetDomain(1).DirectInterrupts);     // slow: interrupt_delivery: hypervisor
            Assert.Equal(PlanDomainFlags.DirectInterrupts, r.GetDomain(0).Flags);
            Assert.True(BitConverter.ToUInt16(blob, (int)PlanFormat.HVersionMinor) >= 6);   // flags since 2.6
        }
    }

    [Fact]
    public void Reader_rejects_unknown_domain_flags()
    {
        var blob = Plan();
        blob[DomainOffset(blob, 1) + PlanFormat.DFlags] = 0x80;
        PlanWriter.Reseal(blob);
        fixed (byte* p = blob) Assert.Equal(PlanError.BadDomainFlags, PlanReader.Open(p, (uint)blob.Length, out _));
    }

    [Fact]
    public void Direct_interrupts_are_refused_on_gicv2_and_without_a_gic()
    {
        foreach (var name in new[] { "direct-interrupts-gicv2.yaml", "direct-interrupts-nogic.yaml" })
        {
            var result = Checker.CheckFile(TestPaths.Fixture("invalid", name));
            Assert.Contains(result.Diagnostics.Items, d => d.Code == "BH122");
            Assert.Null(result.System);
        }
    }
}
