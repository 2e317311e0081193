using Bulkhead.Core.Abi;
using Bulkhead.Core.Hypercalls;
using Bulkhead.Core.Partition;
using Xunit;
using static Bulkhead.Core.Abi.PsciFunction;
using static Bulkhead.Tests.Core.CoreSystems;

namespace Bulkhead.Tests.Core;

/// <summary>SMCCC 1.1 architecture calls as Linux probes them (PSCI_FEATURES, SMCCC_VERSION, SMCCC_ARCH_FEATURES).</summary>
[Collection(HvCoreState.Name)]
public class GuestSmcccTests
{
    [Fact]
    public void LinuxsProbeSequenceFindsSmccc11WithoutWorkarounds()
    {
        TestPartition.Boot(ThreeDomains);
        Assert.Equal(0x10001, TestPartition.Call(0, PsciFunction.Version).Status);
        Assert.Equal(Success, TestPartition.Call(0, PsciFunction.Features, SmcccFunction.Version).Status);
        Assert.Equal((GuestCallOutcome.Return, 0x10001L), Result(TestPartition.Call(0, SmcccFunction.Version)));
        Assert.Equal(Success, TestPartition.Call(0, SmcccFunction.ArchFeatures, SmcccFunction.ArchFeatures).Status);
    }

    [Theory]
    [InlineData(SmcccFunction.ArchWorkaround1)]
    [InlineData(SmcccFunction.ArchWorkaround2)]
    [InlineData(SmcccFunction.ArchWorkaround3)]
    [InlineData(SmcccFunction.ArchSocId)]
    [InlineData(0x8000FFFFU)]
    [InlineData(0xC6000000U)]    // a Bulkhead hypercall is not an SMCCC architecture feature
    [InlineData(0x84000000U)]    // nor is PSCI
    public void ArchFeaturesOfAnythingButItselfAndVersionIsNotSupported(uint function)
    {
        TestPartition.Boot(ThreeDomains);
        Assert.Equal(NotSupported, TestPartition.Call(0, SmcccFunction.ArchFeatures, function).Status);
    }

    [Theory]
    [InlineData(SmcccFunction.ArchWorkaround1)]
    [InlineData(SmcccFunction.ArchWorkaround2)]
    [InlineData(SmcccFunction.ArchWorkaround3)]
    [InlineData(SmcccFunction.ArchSocId)]
    [InlineData(0xC0000000U)]    // SMC64 forms of the architecture calls do not exist
    [InlineData(0xC0000001U)]
    public void UnofferedArchitectureCallsAreNotSupportedAndChangeNothing(uint function)
    {
        var p = TestPartition.Boot(ThreeDomains);
        Assert.Equal((GuestCallOutcome.Return, NotSupported), Result(TestPartition.Call(0, function, 1, AlphaCode, 0)));
        Assert.Equal(DomainStatus.Running, p.Domain("alpha").Status);
        Assert.Empty(TestPartition.LifecycleLines("alpha"));
    }

    private static (GuestCallOutcome, long) Result(GuestCall call) => (call.Outcome, call.Status);
}
