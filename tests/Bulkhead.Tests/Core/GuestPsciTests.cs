using Bulkhead.Core.Abi;
using Bulkhead.Core.Hypercalls;
using Bulkhead.Core.Partition;
using Xunit;
using static Bulkhead.Core.Abi.PsciFunction;
using static Bulkhead.Tests.Core.CoreSystems;
using Sim = Bulkhead.Tests.SimulatedArchitecture;

namespace Bulkhead.Tests.Core;

/// <summary>PSCI as guests see it: CPU_ON rules, AFFINITY_INFO, CPU_OFF, VERSION, FEATURES, unknown ids.</summary>
[Collection(HvCoreState.Name)]
public class GuestPsciTests
{
    [Theory]
    [InlineData(CpuOn32)]
    [InlineData(CpuOn64)]
    public void CpuOnStartsAnOffVcpuOfTheOwnDomainAtItsEntryWithItsArgument(uint function)
    {
        TestPartition.Boot(ThreeDomains);
        Sim.Machine.Signalled.Clear();
        var call = TestPartition.Call(0, function, 1, AlphaCode + 0x400, 0xABCD);
        Assert.Equal((GuestCallOutcome.Return, Success), (call.Outcome, call.Status));
        Assert.Equal(new[] { 1 }, Sim.Signalled);
        Assert.Equal(VcpuStatus.Starting, TestPartition.StatusOf(1));
        Assert.Equal(CoreAction.Enter, TestPartition.CheckIn(1));
        Assert.Equal((AlphaCode + 0x400, 0xABCDUL), (PartitionTable.Cores[1].EntryPoint, PartitionTable.Cores[1].EntryArgument));
    }

    [Fact]
    public void CpuOnOfAVcpuThatIsOnIsAlreadyOnAndOfOnePendingIsOnPending()
    {
        TestPartition.Boot(ThreeDomains);
        Assert.Equal(AlreadyOn, TestPartition.Call(0, CpuOn64, 0, AlphaCode, 0).Status); // itself
        Assert.Equal(Success, TestPartition.Call(0, CpuOn64, 1, AlphaCode, 0).Status);
        Assert.Equal(OnPending, TestPartition.Call(0, CpuOn64, 1, AlphaCode + 4, 0).Status); // pending, not entered yet
        Assert.Equal(AlphaCode, PartitionTable.Cores[1].EntryPoint);
        TestPartition.CheckIn(1);
        Assert.Equal(AlreadyOn, TestPartition.Call(0, CpuOn64, 1, AlphaCode, 0).Status);
    }

    [Theory]
    [InlineData(2UL)]                       // beta's only vCPU is core 2, not a vCPU of alpha
    [InlineData(3UL)]
    [InlineData(0xFFUL)]
    [InlineData(0x100UL)]                   // Aff1 = 1, Aff0 = 0: would be vCPU 0 if Aff1 were ignored
    [InlineData(0x101UL)]                   // Aff1 = 1, Aff0 = 1
    [InlineData(0x10001UL)]                 // Aff2
    [InlineData(0x100000001UL)]             // Aff3
    [InlineData(0x80000001UL)]              // bit 31
    [InlineData(0xFFFFFFFFFFFFFFFFUL)]
    public void CpuOnOfAnythingButAVcpuOfTheOwnDomainIsInvalid(ulong target)
    {
        var p = TestPartition.Boot(ThreeDomains);
        Sim.Machine.Signalled.Clear();
        Assert.Equal(InvalidParameters, TestPartition.Call(0, CpuOn64, target, AlphaCode, 0).Status);
        Assert.Equal(InvalidParameters, TestPartition.Call(p.CoreOf("beta"), CpuOn64, target == 2 ? 1 : target, BetaRam, 0).Status);
        Assert.Empty(Sim.Signalled);
        Assert.Equal(VcpuStatus.Off, TestPartition.StatusOf(1));
        Assert.Equal(VcpuStatus.Running, TestPartition.StatusOf(2));
        Assert.Equal(VcpuStatus.Running, TestPartition.StatusOf(3));
    }

    [Theory]
    [InlineData(AlphaReadWrite)]               // own RAM, not executable
    [InlineData(AlphaReadOnly)]
    [InlineData(AlphaWriteOnly)]
    [InlineData(AlphaCode + AlphaCodeSize - 2)] // the 4-byte instruction would cross into the read-only region
    [InlineData(AlphaCode - 4)]
    [InlineData(BetaRam)]                       // another domain's code
    [InlineData(OneWayBase)]                    // its own channel
    [InlineData(0x40080000UL)]                  // the hypervisor
    [InlineData(0UL)]
    [InlineData(0xFFFFFFFFFFFFFFFEUL)]          // entry + 4 wraps
    public void CpuOnWithAnEntryOutsideTheDomainsExecutableRamIsRefused(ulong entry)
    {
        TestPartition.Boot(ThreeDomains);
        Assert.Equal(InvalidAddress, TestPartition.Call(0, CpuOn64, 1, entry, 0).Status);
        Assert.Equal(VcpuStatus.Off, TestPartition.StatusOf(1));
        Assert.Equal(Success, TestPartition.Call(0, CpuOn64, 1, AlphaCode + AlphaCodeSize - 4, 0).Status); // the last instruction is fine
    }

    [Fact]
    public void AffinityInfoReportsOnOffAndRefusesOtherIds()
    {
        TestPartition.Boot(ThreeDomains);
        Assert.Equal(0, TestPartition.Call(0, AffinityInfo64, 0).Status);
        Assert.Equal(1, TestPartition.Call(0, AffinityInfo64, 1).Status);
        Assert.Equal(1, TestPartition.Call(0, AffinityInfo32, 1).Status);
        TestPartition.Call(0, CpuOn64, 1, AlphaCode, 0);
        Assert.Equal(0, TestPartition.Call(0, AffinityInfo64, 1).Status);
        TestPartition.CheckIn(1);
        Assert.Equal(0, TestPartition.Call(0, AffinityInfo32, 1).Status);
        TestPartition.Call(1, CpuOff);
        Assert.Equal(1, TestPartition.Call(0, AffinityInfo64, 1).Status);
        foreach (ulong other in new[] { 2UL, 0x100UL, 0x101UL, 0x10000UL, 0x100000000UL, 0xFFFFFFFFFFFFFFFFUL })
            Assert.Equal(InvalidParameters, TestPartition.Call(0, AffinityInfo64, other).Status);
        Assert.Equal(InvalidParameters, TestPartition.Call(2, AffinityInfo64, 1).Status); // beta has one vCPU
    }

    [Fact]
    public void VersionIsOnePointOneAndMigrateInfoTypeSaysNoTrustedOs()
    {
        TestPartition.Boot(ThreeDomains);
        Assert.Equal(0x10001, TestPartition.Call(0, PsciFunction.Version).Status);
        Assert.Equal(2, TestPartition.Call(0, MigrateInfoType).Status);
    }

    public static TheoryData<uint, long> FeatureAnswers() => new()
    {
        { PsciFunction.Version, Success }, { CpuOff, Success }, { CpuOn32, Success }, { CpuOn64, Success },
        { AffinityInfo32, Success }, { AffinityInfo64, Success }, { MigrateInfoType, Success }, { SystemOff, Success },
        { SystemReset, Success }, { Features, Success },
        { 0x84000001, NotSupported }, { 0xC4000001, NotSupported },   // CPU_SUSPEND
        { 0x84000005, NotSupported }, { 0xC4000005, NotSupported },   // MIGRATE
        { 0x84000007, NotSupported }, { 0xC4000007, NotSupported },   // MIGRATE_INFO_UP_CPU
        { 0x8400000B, NotSupported }, { 0x8400000C, NotSupported }, { 0xC400000C, NotSupported },
        { 0x84000012, NotSupported }, { 0xC4000012, NotSupported },   // SYSTEM_RESET2
        { 0xC4000002, NotSupported }, { 0xC4000008, NotSupported }, { 0xC4000009, NotSupported }, { 0xC400000A, NotSupported }, // no SMC64 forms
        { 0x8400001F, NotSupported }, { SmcccFunction.Version, Success },   // Linux asks before it calls SMCCC_VERSION
        { SmcccFunction.ArchFeatures, NotSupported }, { 0x80000002, NotSupported }, // found through SMCCC_VERSION, not PSCI
        { Hypercall.ConsoleWrite, NotSupported }, { 0, NotSupported }, { 0xFFFFFFFF, NotSupported },
    };

    [Theory]
    [MemberData(nameof(FeatureAnswers))]
    public void FeaturesAnswersForEveryId(uint function, long expected)
    {
        TestPartition.Boot(ThreeDomains);
        var call = TestPartition.Call(0, Features, function);
        Assert.Equal((GuestCallOutcome.Return, expected), (call.Outcome, call.Status));
    }

    [Fact]
    public void FeaturesOfAnIdWithUpperBitsSetIsNotSupported()
    {
        TestPartition.Boot(ThreeDomains);
        Assert.Equal(NotSupported, TestPartition.Call(0, Features, 0x1_84000000UL).Status);
    }

    [Theory]
    [InlineData(0x84000001U)]
    [InlineData(0xC4000001U)]
    [InlineData(0x84000005U)]
    [InlineData(0x84000007U)]
    [InlineData(0x8400000BU)]
    [InlineData(0x84000012U)]
    [InlineData(0xC4000012U)]
    [InlineData(0x8400001FU)]
    [InlineData(0xC400001FU)]
    [InlineData(0xC4000002U)]
    [InlineData(0xC4000008U)]
    [InlineData(0xC4000009U)]
    public void UnimplementedPsciIdsAreNotSupportedAndChangeNothing(uint function)
    {
        var p = TestPartition.Boot(ThreeDomains);
        var call = TestPartition.Call(0, function, 1, AlphaCode, 0);
        Assert.Equal((GuestCallOutcome.Return, NotSupported), (call.Outcome, call.Status));
        Assert.Equal(DomainStatus.Running, p.Domain("alpha").Status);
        Assert.Equal(VcpuStatus.Running, TestPartition.StatusOf(0));
        Assert.Equal(VcpuStatus.Off, TestPartition.StatusOf(1));
        Assert.Empty(TestPartition.LifecycleLines("alpha"));
    }

    [Fact]
    public void SystemOffStopsOnlyTheCallersDomain()
    {
        var p = TestPartition.Boot(ThreeDomains);
        Assert.Equal(GuestCallOutcome.CheckIn, TestPartition.Call(p.CoreOf("gamma"), SystemOff).Outcome);
        Assert.Equal(new[] { "hv: domain gamma stopped: powered off (PSCI SYSTEM_OFF)" }, TestPartition.LifecycleLines("gamma"));
        Assert.Equal(DomainStatus.Running, p.Domain("alpha").Status);
        Assert.Equal(DomainStatus.Running, p.Domain("beta").Status);
    }
}
