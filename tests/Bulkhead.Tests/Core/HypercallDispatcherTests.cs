using Bulkhead.Core.Abi;
using Bulkhead.Core.Hypercalls;
using Bulkhead.Core.Partition;
using Xunit;
using static Bulkhead.Core.Abi.HypercallStatus;
using static Bulkhead.Tests.Core.CoreSystems;
using Sim = Bulkhead.Tests.SimulatedArchitecture;

namespace Bulkhead.Tests.Core;

/// <summary>Every hypercall through GuestCalls, with well-formed and hostile arguments.</summary>
[Collection(HvCoreState.Name)]
public class HypercallDispatcherTests
{
    /// <summary>Buffers alpha does not own as one region it may use: others' RAM, channels, the hypervisor, wrapping, straddling region ends.</summary>
    public static TheoryData<ulong, ulong> ForeignBuffers() => new()
    {
        { BetaRam, 8 },                                  // another domain
        { GammaRam + DomainRamSize - 8, 8 },
        { OneWayBase, 8 },                               // a channel (not RAM)
        { 0x40080000, 8 },                               // the hypervisor's image
        { 0x40000000, 8 },
        { 0, 8 },
        { AlphaCode - 4, 8 },                            // starts before the region
        { AlphaCode + AlphaCodeSize - 4, 8 },            // runs over the end of rwx into the read-only region
        { AlphaReadOnly + SmallRegion - 4, 8 },          // read-only into read-write
        { AlphaReadWrite + SmallRegion - 4, 8 },         // read-write into write-only
        { AlphaWriteOnly + SmallRegion - 4, 8 },         // off the end of alpha's memory
        { AlphaCode, AlphaCodeSize + 1 },
        { AlphaCode + 16, 0xFFFFFFFFFFFFFFF8 },          // address + length wraps to just above the address
        { 0xFFFFFFFFFFFFFFF0, 0x20 },                    // wraps to zero
        { 0xFFFFFFFFFFFFFFFF, 1 },
        { AlphaCode, 0xFFFFFFFFFFFFFFFF },               // huge
    };

    [Fact]
    public void AbiVersionIsOnePointTwo()
    {
        TestPartition.Boot(ThreeDomains);
        var call = TestPartition.Call(0, Hypercall.AbiVersion, 0xFFFFFFFFFFFFFFFF, 0xFFFFFFFFFFFFFFFF, 0xFFFFFFFFFFFFFFFF);
        Assert.Equal((GuestCallOutcome.Return, Success, 0x10002UL), (call.Outcome, call.Status, call.R1));
    }

    [Fact]
    public void ConsoleWritePrintsWholeLinesPrefixedByTheDomain()
    {
        TestPartition.Boot(ThreeDomains);
        GuestMemory.Write(AlphaCode + 0x800, "hello\x07");
        GuestMemory.Write(AlphaReadOnly, " world\n");
        Assert.Equal((Success, 6UL), TestPartition.Call(0, Hypercall.ConsoleWrite, AlphaCode + 0x800, 6).StatusAndR1);
        Assert.Empty(TestPartition.Lines("hello"));
        var b = TestPartition.Call(0, Hypercall.ConsoleWrite, AlphaReadOnly, 7); // read-only memory is readable
        Assert.Equal((Success, 7UL), (b.Status, b.R1));
        Assert.Equal(new[] { "[alpha] hello. world" }, TestPartition.Lines("hello"));
    }

    [Fact]
    public void ConsoleWriteTakesUpTo256BytesAndNoneOfALongerBuffer()
    {
        TestPartition.Boot(ThreeDomains);
        GuestMemory.Fill(AlphaCode, 300, (byte)'x');
        Assert.Equal(256UL, TestPartition.Call(0, Hypercall.ConsoleWrite, AlphaCode, 256).R1);
        var longer = TestPartition.Call(0, Hypercall.ConsoleWrite, AlphaCode, 257);
        Assert.Equal((InvalidParameters, 0UL), (longer.Status, longer.R1));
        Assert.Equal((Success, 0UL), TestPartition.Call(0, Hypercall.ConsoleWrite, AlphaCode, 0).StatusAndR1);
        GuestMemory.Write(AlphaCode, "\n");
        TestPartition.Call(0, Hypercall.ConsoleWrite, AlphaCode, 1);
        var lines = TestPartition.Lines("[alpha] ");
        Assert.Equal(256, lines.Sum(l => l.Length - "[alpha] ".Length)); // printed in pieces of a line's capacity
    }

    [Theory]
    [MemberData(nameof(ForeignBuffers))]
    public void ConsoleWriteFromMemoryTheDomainDoesNotOwnIsRefused(ulong address, ulong length)
    {
        TestPartition.Boot(ThreeDomains);
        var call = TestPartition.Call(0, Hypercall.ConsoleWrite, address, length);
        Assert.Equal((GuestCallOutcome.Return, InvalidParameters, 0UL), (call.Outcome, call.Status, call.R1));
        Assert.Equal(0, PartitionTable.Cores[0].LineLength);
    }

    [Fact]
    public void BuffersThatEndExactlyAtARegionsEndAreAccepted()
    {
        TestPartition.Boot(ThreeDomains);
        GuestMemory.Write(AlphaCode + AlphaCodeSize - 4, "end\n");
        Assert.Equal((Success, 4UL), TestPartition.Call(0, Hypercall.ConsoleWrite, AlphaCode + AlphaCodeSize - 4, 4).StatusAndR1);
        Assert.Single(TestPartition.Lines("[alpha] end"));
        GuestMemory.Fill(AlphaReadWrite + SmallRegion - 5, 5, 0xEE);
        Assert.Equal((Success, 5UL), TestPartition.Call(0, Hypercall.DomainName, AlphaReadWrite + SmallRegion - 5, 5).StatusAndR1);
        Assert.Equal("alpha"u8.ToArray(), GuestMemory.Read(AlphaReadWrite + SmallRegion - 5, 5));
        Assert.Equal(InvalidParameters, TestPartition.Call(0, Hypercall.DomainName, AlphaReadWrite + SmallRegion - 4, 5).Status);
    }

    [Fact]
    public void ConsoleWriteFromMemoryTheDomainMayNotReadIsRefused()
    {
        TestPartition.Boot(ThreeDomains);
        GuestMemory.Write(AlphaWriteOnly, "secret\n");
        Assert.Equal(InvalidParameters, TestPartition.Call(0, Hypercall.ConsoleWrite, AlphaWriteOnly, 7).Status);
        Assert.Empty(TestPartition.Lines("secret"));
    }

    [Fact]
    public void DomainInfoNamesTheDomainTheVcpuAndTheVcpuCount()
    {
        var p = TestPartition.Boot(ThreeDomains);
        TestPartition.PowerOn(1, AlphaCode);
        Assert.Equal((0UL, 0UL, 2UL), TestPartition.Call(0, Hypercall.DomainInfo).Results);
        Assert.Equal((0UL, 1UL, 2UL), TestPartition.Call(1, Hypercall.DomainInfo).Results);
        Assert.Equal((2UL, 0UL, 1UL), TestPartition.Call(p.CoreOf("gamma"), Hypercall.DomainInfo).Results);
    }

    [Fact]
    public void YieldReturnsAndChangesNothing()
    {
        var p = TestPartition.Boot(ThreeDomains);
        var call = TestPartition.Call(0, Hypercall.Yield, 1, 2, 3);
        Assert.Equal((GuestCallOutcome.Return, Success), (call.Outcome, call.Status));
        Assert.Equal(DomainStatus.Running, p.Domain("alpha").Status);
    }

    [Fact]
    public void DomainStopStopsTheCallersDomainOnly()
    {
        var p = TestPartition.Boot(ThreeDomains);
        Assert.Equal(GuestCallOutcome.CheckIn, TestPartition.Call(p.CoreOf("gamma"), Hypercall.DomainStop).Outcome);
        Assert.Equal(new[] { "hv: domain gamma stopped: stopped itself" }, TestPartition.LifecycleLines("gamma"));
        Assert.Equal(DomainStatus.Running, p.Domain("alpha").Status);
    }

    [Fact]
    public void FatalErrorQuotesTheMessageAndAppliesThePolicy()
    {
        var p = TestPartition.Boot(ThreeDomains);
        GuestMemory.Write(AlphaReadOnly + 0x10, "index out of range\nrest");
        var call = TestPartition.Call(0, Hypercall.FatalError, AlphaReadOnly + 0x10, 23, 0x41000abc);
        Assert.Equal(GuestCallOutcome.CheckIn, call.Outcome);
        Assert.Equal(new[] { "hv: domain alpha restarting (1 of 2): fatal error reported by the guest: index out of range.rest at 0x0000000041000abc" },
            TestPartition.LifecycleLines("alpha"));
        GuestMemory.Write(BetaRam, "beta's words");
        TestPartition.Call(p.CoreOf("beta"), Hypercall.FatalError, BetaRam, 12, 0);
        Assert.Equal(new[] { "hv: domain beta stopped: fatal error reported by the guest: beta's words at 0x0000000000000000" }, TestPartition.LifecycleLines("beta"));
    }

    [Theory]
    [MemberData(nameof(ForeignBuffers))]
    public void FatalErrorWithAMessageOutsideTheDomainQuotesNothing(ulong address, ulong length)
    {
        TestPartition.Boot(ThreeDomains);
        TestPartition.Call(0, Hypercall.FatalError, address, length, 7);
        Assert.Equal(new[] { "hv: domain alpha restarting (1 of 2): fatal error reported by the guest: (message outside the domain's memory) at 0x0000000000000007" },
            TestPartition.LifecycleLines("alpha"));
    }

    [Theory]
    [InlineData(AlphaWriteOnly, 6UL)]      // memory the domain may not read
    [InlineData(AlphaCode, 129UL)]         // longer than a fault line quotes
    public void FatalErrorDoesNotQuoteWhatItMayNotRead(ulong address, ulong length)
    {
        TestPartition.Boot(ThreeDomains);
        GuestMemory.Write(address, "secret");
        TestPartition.Call(0, Hypercall.FatalError, address, length, 0);
        Assert.Empty(TestPartition.Lines("secret"));
        Assert.Single(TestPartition.Lines("(message outside the domain's memory)"));
    }

    [Fact]
    public void AVcpuThatIsOffGetsNoServiceAndChecksIn()
    {
        TestPartition.Boot(ThreeDomains);
        var call = TestPartition.Call(1, Hypercall.Heartbeat); // vCPU 1 of alpha was never started
        Assert.Equal((GuestCallOutcome.CheckIn, Denied), (call.Outcome, call.Status));
    }

    [Fact]
    public void HeartbeatMovesTheWatchdogDeadline()
    {
        var p = TestPartition.Boot(ThreeDomains);
        TestPartition.PowerOn(1, AlphaCode);
        Sim.Now = 70_000_000;
        Assert.Equal(Success, TestPartition.Call(1, Hypercall.Heartbeat).Status); // any vCPU of the domain may kick
        Assert.Equal(70_000_000UL, p.Domain("alpha").LastHeartbeatNs);
        Assert.Equal(170_000_000UL, WatchdogMonitor<Sim>.DeadlineOn(0));
    }

    [Theory]
    [InlineData(AlphaReadWrite)]
    [InlineData(AlphaWriteOnly)]     // the domain may write there, so the hypervisor may write for it
    [InlineData(AlphaCode + 0x40)]
    public void DomainNameCopiesTheNameWithoutTerminator(ulong buffer)
    {
        TestPartition.Boot(ThreeDomains);
        GuestMemory.Fill(buffer, 16, 0xEE);
        var call = TestPartition.Call(0, Hypercall.DomainName, buffer, 16);
        Assert.Equal((Success, 5UL), (call.Status, call.R1));
        Assert.Equal("alpha"u8.ToArray().Concat(Enumerable.Repeat((byte)0xEE, 11)), GuestMemory.Read(buffer, 16));
    }

    [Fact]
    public void DomainNameIntoAShortBufferWritesOnlyWhatFitsAndReportsTheFullLength()
    {
        TestPartition.Boot(ThreeDomains);
        GuestMemory.Fill(AlphaReadWrite, 8, 0xEE);
        Assert.Equal(5UL, TestPartition.Call(0, Hypercall.DomainName, AlphaReadWrite, 3).R1);
        Assert.Equal(new byte[] { (byte)'a', (byte)'l', (byte)'p', 0xEE, 0xEE }, GuestMemory.Read(AlphaReadWrite, 5));
        Assert.Equal((Success, 5UL), TestPartition.Call(0, Hypercall.DomainName, AlphaReadWrite, 0).StatusAndR1);
        Assert.Equal(0xEE, GuestMemory.Read(AlphaReadWrite + 3, 1)[0]);
    }

    [Fact]
    public void DomainNameIntoReadOnlyMemoryIsRefused()
    {
        TestPartition.Boot(ThreeDomains);
        GuestMemory.Fill(AlphaReadOnly, 16, 0xEE);
        var call = TestPartition.Call(0, Hypercall.DomainName, AlphaReadOnly, 16);
        Assert.Equal((InvalidParameters, 0UL), (call.Status, call.R1));
        Assert.All(GuestMemory.Read(AlphaReadOnly, 16), b => Assert.Equal(0xEE, b));
    }

    [Theory]
    [MemberData(nameof(ForeignBuffers))]
    public void DomainNameIntoMemoryTheDomainDoesNotOwnIsRefused(ulong address, ulong length)
    {
        TestPartition.Boot(ThreeDomains);
        foreach (ulong witness in new[] { BetaRam, GammaRam + DomainRamSize - 8, OneWayBase, AlphaReadOnly + SmallRegion - 4, AlphaCode + AlphaCodeSize - 4 })
            GuestMemory.Fill(witness, 8, 0xEE);
        var call = TestPartition.Call(0, Hypercall.DomainName, address, length);
        Assert.Equal((GuestCallOutcome.Return, InvalidParameters), (call.Outcome, call.Status));
        foreach (ulong witness in new[] { BetaRam, GammaRam + DomainRamSize - 8, OneWayBase, AlphaReadOnly + SmallRegion - 4, AlphaCode + AlphaCodeSize - 4 })
            Assert.All(GuestMemory.Read(witness, 8), b => Assert.Equal(0xEE, b));
    }

    [Fact]
    public void DomainNameIntoAChannelTheDomainOnlyReadsIsRefused()
    {
        var p = TestPartition.Boot(ThreeDomains);
        GuestMemory.Fill(QuietBase, 8, 0xEE);
        Assert.Equal(InvalidParameters, TestPartition.Call(p.CoreOf("gamma"), Hypercall.DomainName, QuietBase, 8).Status);
        Assert.All(GuestMemory.Read(QuietBase, 8), b => Assert.Equal(0xEE, b));
    }

    [Fact]
    public void VcpuStatsReportsTheCallersTraps()
    {
        TestPartition.Boot(ThreeDomains);
        TestPartition.PowerOn(1, AlphaCode);
        PartitionTable.Runs[0].Traps = 12345;
        PartitionTable.Runs[1].Traps = 7;
        Assert.Equal(12345UL, TestPartition.Call(0, Hypercall.VcpuStats).R1);
        Assert.Equal(7UL, TestPartition.Call(1, Hypercall.VcpuStats).R1);
    }

    [Theory]
    [InlineData(0xC6000011UL)]      // the first number after this ABI version's last
    [InlineData(0xC60000FFUL)]
    [InlineData(0xC600FFFFUL)]
    [InlineData(0xC6010001UL)]      // outside the service range ...
    [InlineData(0x86000001UL)]      // ... the SMC32 form of CONSOLE_WRITE
    [InlineData(0xC5000001UL)]
    [InlineData(0xC7000001UL)]
    [InlineData(0x46000001UL)]      // not a fast call
    [InlineData(0x00000000UL)]
    [InlineData(0xFFFFFFFFUL)]
    [InlineData(0x80000002UL)]      // SMCCC_ARCH_SOC_ID (not offered; SMCCC_VERSION is: GuestSmcccTests)
    [InlineData(0x8600FF01UL)]      // SMCCC vendor hypervisor service UID query
    public void UnknownIdsAreNotSupportedAndChangeNothing(ulong function)
    {
        var p = TestPartition.Boot(ThreeDomains);
        GuestMemory.Fill(AlphaReadWrite, 16, 0xEE);
        var call = TestPartition.Call(0, function, AlphaReadWrite, 16, 0);
        Assert.Equal((GuestCallOutcome.Return, NotSupported), (call.Outcome, call.Status));
        Assert.Equal((0UL, 0UL, 0UL), (call.R1, call.R2, call.R3));
        Assert.All(GuestMemory.Read(AlphaReadWrite, 16), b => Assert.Equal(0xEE, b));
        Assert.Equal(DomainStatus.Running, p.Domain("alpha").Status);
        Assert.Empty(Sim.Machine.Raised);
    }

    [Fact]
    public void EveryIdOfTheAbiIsHandled()
    {
        for (uint n = 0; n <= Hypercall.LastFunction; n++)
        {
            TestPartition.Boot(ThreeDomains);
            var call = TestPartition.Call(0, Hypercall.ServiceBase | n, 0, 0, 0);
            Assert.True(call.Status != NotSupported, $"function 0x{Hypercall.ServiceBase | n:X} is not handled");
        }
    }
}
