using Bulkhead.Config.Checking;
using Bulkhead.Config.Planning;
using Bulkhead.Core.Plan;

namespace Bulkhead.Config.Tests;

/// <summary>The plan's DMA stream table (2.4): which stream IDs the SMMU translates, for whom; the reader's checks.</summary>
public unsafe class DmaPlanTests
{
    static byte[] SmmuPlan()
    {
        var result = Checker.CheckFile(TestPaths.Fixture("valid", "dma-smmu.yaml"));
        Assert.Equal(0, result.ExitCode);
        return PlanWriter.Write(result.System!);
    }

    static PlanError Open(byte[] blob, out PlanReader r)
    {
        fixed (byte* p = blob) return PlanReader.Open(p, (uint)blob.Length, out r);
    }

    static uint StreamOffset(byte[] blob, int index) =>
        BitConverter.ToUInt32(blob, (int)(PlanFormat.HTables + PlanFormat.TableStreams * 8)) + (uint)index * PlanFormat.StreamSize;

    [Fact]
    public void Owner_of_the_pci_bridge_gets_every_requester_id_of_bus_0_in_order()
    {
        var blob = SmmuPlan();
        fixed (byte* p = blob)
        {
            Assert.Equal(PlanError.None, PlanReader.Open(p, (uint)blob.Length, out var r));
            Assert.Equal(256u, r.StreamCount);
            for (uint i = 0; i < r.StreamCount; i++)
            {
                var s = r.GetStream(i);
                Assert.Equal((i, 0u), (s.StreamId, s.Domain));
                Assert.Equal("pcie", Ascii(r.GetDevice(s.Device).Name));
            }
        }
    }

    [Fact]
    public void A_system_without_dma_devices_has_an_empty_stream_table()
    {
        var blob = PlanWriter.Write(PlanTests.Example());
        fixed (byte* p = blob)
        {
            Assert.Equal(PlanError.None, PlanReader.Open(p, (uint)blob.Length, out var r));
            Assert.Equal(0u, r.StreamCount);
        }
    }

    [Theory]
    [InlineData(0, PlanFormat.SStreamId, 0x10000u)]     // beyond 16 bits
    [InlineData(1, PlanFormat.SStreamId, 0u)]           // twice / out of order
    [InlineData(0, PlanFormat.SDomain, 1u)]             // a domain that does not own the device
    [InlineData(0, PlanFormat.SDevice, 7u)]             // no such device
    public void Reader_rejects_a_stream_record_that_would_give_a_stream_to_the_wrong_owner(int index, uint field, uint value)
    {
        var blob = SmmuPlan();
        BitConverter.GetBytes(value).CopyTo(blob, (int)(StreamOffset(blob, index) + field));
        PlanWriter.Reseal(blob);
        Assert.Equal(PlanError.BadStream, Open(blob, out _));
    }

    static string Ascii(byte* p)
    {
        int n = 0;
        while (p[n] != 0) n++;
        return new string((sbyte*)p, 0, n);
    }
}
