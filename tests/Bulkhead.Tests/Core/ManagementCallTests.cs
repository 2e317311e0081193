using Bulkhead.Core.Abi;
using Bulkhead.Core.Hypercalls;
using Bulkhead.Core.Partition;
using Xunit;
using static Bulkhead.Core.Abi.HypercallStatus;
using static Bulkhead.Tests.Core.CoreSystems;
using Sim = Bulkhead.Tests.SimulatedArchitecture;

namespace Bulkhead.Tests.Core;

/// <summary>The MGMT_* hypercalls (ABI 1.2) on the simulated machine: alpha manages beta and gamma; nobody manages alpha.</summary>
[Collection(HvCoreState.Name)]
public unsafe class ManagementCallTests
{
    static readonly string System = ThreeDomains.Replace("    watchdog_ms: 100\n", "    watchdog_ms: 100\n    manages: [beta, gamma]\n");
    const int Alpha = 0, Beta = 1, Gamma = 2;
    const int AlphaCore = 0, BetaCore = 2, GammaCore = 3;

    static TestPartition Boot()
    {
        GuestMemory.Ensure();
        return TestPartition.Boot(System);
    }

    static byte[] Status(int target)
    {
        var call = TestPartition.Call(AlphaCore, Hypercall.MgmtStatus, (ulong)target, AlphaReadWrite, SmallRegion);
        Assert.Equal((Success, (ulong)MgmtStatusRecord.Size), call.StatusAndR1);
        return new Span<byte>(GuestMemory.At(AlphaReadWrite), (int)MgmtStatusRecord.Size).ToArray();
    }

    [Fact]
    public void ListNamesTheManagedDomainsOnly()
    {
        Boot();
        var call = TestPartition.Call(AlphaCore, Hypercall.MgmtList);
        Assert.Equal((Success, 0b110UL, 3UL), (call.Status, call.R1, call.R2));
        Assert.Equal(0UL, TestPartition.Call(GammaCore, Hypercall.MgmtList).R1);
    }

    [Fact]
    public void StatusDescribesTheDomainInTheDocumentedRecord()
    {
        var p = Boot();
        p.Domain("gamma").Restarts = 2;
        var r = Status(Gamma);
        Assert.Equal("gamma", System_Text(r, (int)MgmtStatusRecord.Name, 16));
        Assert.Equal(MgmtState.Running, r[MgmtStatusRecord.State]);
        Assert.Equal(0, r[MgmtStatusRecord.Criticality]);
        Assert.Equal(1, r[MgmtStatusRecord.RestartPolicy]);
        Assert.Equal(1, r[MgmtStatusRecord.VcpuCount]);
        Assert.Equal(1u << GammaCore, BitConverter.ToUInt64(r, (int)MgmtStatusRecord.CoreMask));
        Assert.Equal(2u, BitConverter.ToUInt32(r, (int)MgmtStatusRecord.Restarts));
        Assert.Equal(0u, BitConverter.ToUInt32(r, (int)MgmtStatusRecord.WatchdogMs));
        Assert.Equal(uint.MaxValue, BitConverter.ToUInt32(r, (int)MgmtStatusRecord.HeartbeatAgeMs));
        Assert.Equal(BetaWatchdogMs, BitConverter.ToUInt32(Status(Beta), (int)MgmtStatusRecord.WatchdogMs));
    }

    [Fact]
    public void EveryCallOnAnUnmanagedDomainIsDeniedAndChangesAreLogged()
    {
        var p = Boot();
        Assert.Equal(Denied, TestPartition.Call(GammaCore, Hypercall.MgmtStatus, Alpha, GammaRam, 0x1000).Status);
        Assert.Equal(Denied, TestPartition.Call(GammaCore, Hypercall.MgmtControl, Alpha, MgmtAction.Stop).Status);
        Assert.Equal(Denied, TestPartition.Call(GammaCore, Hypercall.MgmtConsole, Alpha, GammaRam, 0x1000).Status);
        Assert.Equal(Denied, TestPartition.Call(AlphaCore, Hypercall.MgmtControl, 7, MgmtAction.Restart).Status);
        Assert.Equal(DomainStatus.Running, p.Domain("alpha").Status);
        Assert.Single(TestPartition.Lines("hv: mgmt: domain gamma denied stop of domain alpha (not managed by it)"));
        Assert.Single(TestPartition.Lines("hv: mgmt: domain alpha denied restart of a domain that does not exist"));
    }

    [Fact]
    public void StopThenStartRunsTheDomainAgainFromItsImage()
    {
        var p = Boot();
        Assert.Equal(Success, TestPartition.Call(AlphaCore, Hypercall.MgmtControl, Gamma, MgmtAction.Stop).Status);
        Assert.Equal(DomainStatus.Stopped, p.Domain("gamma").Status);
        Assert.Equal(CoreAction.Park, TestPartition.CheckIn(GammaCore));
        Assert.Equal(WrongState, TestPartition.Call(AlphaCore, Hypercall.MgmtControl, Gamma, MgmtAction.Stop).Status);
        Assert.Equal(Success, TestPartition.Call(AlphaCore, Hypercall.MgmtControl, Gamma, MgmtAction.Start).Status);
        Assert.Contains(GammaCore, Sim.Signalled);
        Assert.Equal(CoreAction.Enter, TestPartition.CheckIn(GammaCore));
        Assert.Equal(DomainStatus.Running, p.Domain("gamma").Status);
        Assert.Equal(WrongState, TestPartition.Call(AlphaCore, Hypercall.MgmtControl, Gamma, MgmtAction.Start).Status);
        Assert.Single(TestPartition.Lines("hv: domain gamma stopped: stopped by manager alpha"));
        Assert.Single(TestPartition.Lines("hv: domain gamma starting: started by manager alpha"));
        Assert.Single(TestPartition.Lines("hv: mgmt: domain alpha: stop of domain gamma refused (already stopped)"));
    }

    [Fact]
    public void RestartIsNotLimitedByTheFaultPolicy()
    {
        var p = Boot();
        // beta's policy is 'stop' (a fault or its own restart request stops it); its manager may still restart it.
        for (int i = 1; i <= 3; i++)
        {
            Assert.Equal(Success, TestPartition.Call(AlphaCore, Hypercall.MgmtControl, Beta, MgmtAction.Restart).Status);
            Assert.Equal(CoreAction.Enter, TestPartition.CheckIn(BetaCore));
            Assert.Single(TestPartition.Lines($"hv: domain beta restarting ({i}): restarted by manager alpha"));
        }
        Assert.Equal(DomainStatus.Running, p.Domain("beta").Status);
        Assert.Equal(InvalidParameters, TestPartition.Call(AlphaCore, Hypercall.MgmtControl, Beta, 9).Status);
    }

    [Fact]
    public void StatusCarriesTheLastFaultLine()
    {
        Boot();
        var fault = TestPartition.Call(BetaCore, Hypercall.FatalError, 0, 0, 0x1234);
        Assert.Equal(GuestCallOutcome.CheckIn, fault.Outcome);
        var r = Status(Beta);
        Assert.Equal(MgmtState.Stopped, r[MgmtStatusRecord.State]);
        Assert.Equal(1u, BitConverter.ToUInt32(r, (int)MgmtStatusRecord.Faults));
        Assert.StartsWith("fatal error reported by the guest: (message outside the domain's memory) at 0x", System_Text(r, (int)MgmtStatusRecord.LastFault, 80));
        Assert.Equal(0UL, BitConverter.ToUInt64(r, (int)MgmtStatusRecord.UptimeNs));
    }

    [Fact]
    public void ConsoleReturnsWholeLinesByCursorAndReportsWhatScrolledAway()
    {
        Boot();
        GuestMemory.Write(GammaRam + 0x100, "one\ntwo\nthr");
        Assert.Equal(Success, TestPartition.Call(GammaCore, Hypercall.ConsoleWrite, GammaRam + 0x100, 11).Status);
        var first = TestPartition.Call(AlphaCore, Hypercall.MgmtConsole, Gamma, AlphaReadWrite, SmallRegion);
        Assert.Equal((Success, 8UL, 8UL, 0UL), (first.Status, first.R1, first.R2, first.R3));
        Assert.Equal("one\ntwo\n", System_Text(new Span<byte>(GuestMemory.At(AlphaReadWrite), 8).ToArray(), 0, 8));
        var nothing = TestPartition.Call(AlphaCore, Hypercall.MgmtConsole, Gamma | (8UL << 8), AlphaReadWrite, SmallRegion);
        Assert.Equal((0UL, 8UL), (nothing.R1, nothing.R2));
        // Push 5000 more bytes through: the first lines scroll out of the 4 KiB history.
        GuestMemory.Fill(GammaRam + 0x200, 99, (byte)'x');
        GuestMemory.Write(GammaRam + 0x200 + 99, "\n");
        for (int i = 0; i < 50; i++) TestPartition.Call(GammaCore, Hypercall.ConsoleWrite, GammaRam + 0x200, 100);
        var late = TestPartition.Call(AlphaCore, Hypercall.MgmtConsole, Gamma | (8UL << 8), AlphaReadWrite, 256);
        Assert.True(late.R3 > 8, "the oldest cursor moved past the unread lines");
        Assert.Equal(200UL, late.R1);   // two whole 100-byte lines fit in 256 bytes, from the first whole line held
        Assert.Equal(new string('x', 99) + "\n" + new string('x', 99) + "\n", System_Text(new Span<byte>(GuestMemory.At(AlphaReadWrite), 200).ToArray(), 0, 200));
        Assert.True(late.R2 > late.R3 + 200 && late.R2 <= late.R3 + 300, "resumed within the first line held");
    }

    static string System_Text(byte[] r, int at, int max)
    {
        int n = 0;
        while (n < max && r[at + n] != 0) n++;
        return global::System.Text.Encoding.ASCII.GetString(r, at, n);
    }
}
