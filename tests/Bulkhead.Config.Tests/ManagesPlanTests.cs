using Bulkhead.Config.Checking;
using Bulkhead.Config.Planning;
using Bulkhead.Core.Plan;

namespace Bulkhead.Config.Tests;

/// <summary>The plan's management relation (2.5): each domain's manages mask, and the reader's checks on it.</summary>
public unsafe class ManagesPlanTests
{
    static byte[] Plan()
    {
        var result = Checker.CheckFile(TestPaths.Fixture("valid", "manages-waived.yaml"));
        Assert.Equal(0, result.ExitCode);
        return PlanWriter.Write(result.System!);
    }

    static uint DomainOffset(byte[] blob, uint index) =>
        BitConverter.ToUInt32(blob, (int)(PlanFormat.HTables + PlanFormat.TableDomains * 8)) + index * PlanFormat.DomainSize;

    [Fact]
    public void The_manager_record_names_exactly_its_managed_domains()
    {
        var blob = Plan();
        fixed (byte* p = blob)
        {
            Assert.Equal(PlanError.None, PlanReader.Open(p, (uint)blob.Length, out var r));
            Assert.Equal(0b110u, r.GetDomain(0).ManagesMask);   // mgr manages worker (1) and logger (2)
            Assert.Equal(0u, r.GetDomain(1).ManagesMask);
            Assert.Equal(0u, r.GetDomain(2).ManagesMask);
        }
    }

    [Theory]
    [InlineData(0u, 0b1u)]      // itself
    [InlineData(1u, 0b1000u)]   // a domain that does not exist
    public void Reader_rejects_a_manages_mask_naming_itself_or_a_missing_domain(uint domain, uint mask)
    {
        var blob = Plan();
        BitConverter.GetBytes(mask).CopyTo(blob, (int)(DomainOffset(blob, domain) + PlanFormat.DManagesMask));
        PlanWriter.Reseal(blob);
        fixed (byte* p = blob) Assert.Equal(PlanError.BadManagesMask, PlanReader.Open(p, (uint)blob.Length, out _));
    }
}
