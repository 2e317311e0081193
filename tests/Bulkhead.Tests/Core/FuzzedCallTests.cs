using Bulkhead.Core.Abi;
using Bulkhead.Core.Hypercalls;
using Bulkhead.Core.Partition;
using Xunit;
using static Bulkhead.Tests.Core.CoreSystems;
using Sim = Bulkhead.Tests.SimulatedArchitecture;

namespace Bulkhead.Tests.Core;

/// <summary>
/// Random guest calls from alpha's vCPUs, ids concentrated on the ABI and PSCI ranges, arguments
/// aimed at region edges: nothing outside what alpha may write changes, no other domain is
/// touched, and every answer is one the ABI allows.
/// </summary>
[Collection(HvCoreState.Name)]
public class FuzzedCallTests
{
    // Calls that end the run are exercised by the lifecycle tests; the fuzzer keeps alpha alive.
    private static readonly uint[] s_ending = { Hypercall.DomainStop, Hypercall.DomainRestart, Hypercall.FatalError, PsciFunction.CpuOff, PsciFunction.SystemOff, PsciFunction.SystemReset };

    private static readonly ulong[] s_addresses =
    {
        0, 0x40000000, 0x40080000, AlphaCode, AlphaReadOnly, AlphaReadWrite, AlphaWriteOnly, AlphaWriteOnly + SmallRegion,
        BetaRam, GammaRam, OneWayBase, SharedBase, QuietBase, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFFFFFFFFFF, 0x8000000000000000,
    };

    private static readonly ulong[] s_lengths = { 0, 1, 5, 8, 128, 129, 256, 257, 0x1000, 0x10000, 0xFFFFFFFF, 0x8000000000000000, 0xFFFFFFFFFFFFFFFF };

    private static ulong Argument(Random random) => random.Next(4) switch
    {
        0 => s_addresses[random.Next(s_addresses.Length)] + (ulong)(random.Next(17) - 8),
        1 => s_lengths[random.Next(s_lengths.Length)],
        2 => (ulong)random.Next(8),
        _ => (ulong)random.NextInt64() ^ ((ulong)random.Next() << 63),
    };

    private static ulong Function(Random random)
    {
        while (true)
        {
            ulong id = random.Next(10) switch
            {
                < 5 => Hypercall.ServiceBase | (uint)random.Next(0x10),
                < 8 => (random.Next(2) == 0 ? 0x84000000u : 0xC4000000u) | (uint)random.Next(0x20),
                8 => Hypercall.ServiceBase | (uint)random.Next(0x10000),
                _ => (uint)random.NextInt64(0, 0x100000000),
            };
            if (Array.IndexOf(s_ending, (uint)id) < 0) return id;
        }
    }

    [Fact]
    public void AHundredThousandRandomCallsStayInsideAlpha()
    {
        var p = TestPartition.Boot(ThreeDomains);
        var witnesses = new (ulong Address, int Length)[]
        {
            (0x40000000, 0x1000), (0x40080000, 0x1000), (AlphaReadOnly, (int)SmallRegion), (BetaRam, (int)DomainRamSize),
            (GammaRam, (int)DomainRamSize), (OneWayBase, 0x3000), (AlphaWriteOnly + SmallRegion, 0x1000), (AlphaCode - 0x1000, 0x1000),
        };
        foreach (var (address, length) in witnesses) GuestMemory.Fill(address, length, 0xEE);

        var random = new Random(20261129);
        var allowed = new long[] { 0, -1, -2, -3, -4, -5, -9, 1, 2, 0x10001 };
        for (int i = 0; i < 100_000; i++)
        {
            int core = random.Next(2);
            if (TestPartition.StatusOf(core) == VcpuStatus.Starting) TestPartition.CheckIn(core);
            if (TestPartition.StatusOf(core) != VcpuStatus.Running) core = 1 - core;
            if (TestPartition.StatusOf(core) == VcpuStatus.Starting) TestPartition.CheckIn(core);
            ulong function = Function(random);
            var call = TestPartition.Call(core, function, Argument(random), Argument(random), Argument(random));
            Assert.True(call.Outcome == GuestCallOutcome.Return, $"call {i}: 0x{function:X} ended the run");
            Assert.True(Array.IndexOf(allowed, call.Status) >= 0, $"call {i}: 0x{function:X} returned {call.Status}");
        }

        foreach (var (address, length) in witnesses)
            Assert.True(GuestMemory.Read(address, length).All(b => b == 0xEE), $"memory at 0x{address:X} changed");
        Assert.All(PartitionTable.Domains, d => Assert.Equal(DomainStatus.Running, d.Status));
        Assert.Empty(TestPartition.LifecycleLines("alpha"));
        Assert.All(Sim.Machine.Raised, r => Assert.Contains(r.IntId, new[] { OneWayDoorbell, SharedDoorbell }));
        Assert.Equal(CoreAction.Resume, TestPartition.CheckIn(p.CoreOf("beta")));
        Assert.False(Sim.PoweredOff);
    }

    public static TheoryData<uint> CallsWithoutArguments() => new()
    {
        Hypercall.AbiVersion, Hypercall.DomainInfo, Hypercall.Yield, Hypercall.Heartbeat, Hypercall.VcpuStats, PsciFunction.Version, PsciFunction.MigrateInfoType,
    };

    [Theory]
    [MemberData(nameof(CallsWithoutArguments))]
    public void CallsWithoutArgumentsIgnoreGarbageInTheArgumentRegisters(uint function)
    {
        TestPartition.Boot(ThreeDomains);
        var clean = TestPartition.Call(0, function);
        var garbage = TestPartition.Call(0, function, 0xFFFFFFFFFFFFFFFF, 0x8000000000000000, 0xDEADBEEFDEADBEEF);
        Assert.Equal(clean, garbage);
        Assert.Equal(DomainStatus.Running, PartitionTable.Domains[0].Status);
    }
}
