using Bulkhead.Config.Checking;
using Bulkhead.Config.Linux;
using Bulkhead.Config.Planning;
using Bulkhead.Core.Plan;
using Xunit;

namespace Bulkhead.Tests;

/// <summary>Plan 2.2 for a Linux domain: load records and x0, and the reader refusing loads a guest could reach or that write outside the domain.</summary>
public unsafe class LinuxPlanTests
{
    static (ResolvedSystem System, ResolvedDomain Linux) Checked()
    {
        var check = Checker.CheckFile(SystemRuns.Variant("linux-mixed", 3));
        Assert.Equal(0, check.ExitCode);
        var linux = check.System!.Domain("linux")!;
        var layout = linux.Linux!;
        layout.Blobs.Clear();
        layout.Blobs.Add(new LinuxBlob("Image", "Image", layout.Staging.Base, layout.KernelEntry, 0x10000, 0x1234));
        layout.Blobs.Add(new LinuxBlob("DTB", "linux.dtb", layout.Staging.Base + 0x200000, layout.DtbAddress, 0x1000, 0x5678));
        return (check.System, linux);
    }

    static PlanError Open(byte[] blob)
    {
        fixed (byte* p = blob) return PlanReader.Open(p, (uint)blob.Length, out _);
    }

    static int LoadRecord(byte[] blob, int index) =>
        (int)BitConverter.ToUInt32(blob, (int)(PlanFormat.HTables + PlanFormat.TableLoads * 8)) + index * (int)PlanFormat.LoadSize;

    [Fact]
    public void LinuxDomainCarriesItsLoadsAndTheDtbAsEntryArgument()
    {
        var (system, linux) = Checked();
        byte[] blob = PlanWriter.Write(system);
        fixed (byte* p = blob)
        {
            Assert.Equal(PlanError.None, PlanReader.Open(p, (uint)blob.Length, out var plan));
            Assert.Equal(2u, plan.LoadCount);
            var domain = plan.GetDomain((uint)linux.Index);
            Assert.Equal(PlanImageKind.Linux, domain.ImageKind);
            Assert.Equal(linux.Linux!.DtbAddress, domain.EntryArgument);
            Assert.Equal(linux.Linux.KernelEntry, domain.EntryPoint);
            var image = plan.GetLoad(0);
            Assert.Equal((uint)linux.Index, image.Domain);
            Assert.Equal(linux.Linux.Staging.Base, image.Source);
            Assert.Equal(linux.Linux.KernelEntry, image.Target);
            Assert.Equal(0x1234u, image.Crc);
            // The other domains enter with x0 = 0, as before 2.2.
            Assert.Equal(0UL, plan.GetDomain(0).EntryArgument);
        }
    }

    [Theory]
    [InlineData("target outside the domain")]
    [InlineData("source inside a domain")]
    [InlineData("source inside the hypervisor")]
    [InlineData("misaligned")]
    [InlineData("unknown domain")]
    public void ReaderRefusesALoadRecordThatBreaksIsolation(string what)
    {
        var (system, _) = Checked();
        byte[] blob = PlanWriter.Write(system);
        int at = LoadRecord(blob, 0);
        ulong sensorRam = system.Domain("sensor")!.Memory[0].Range.Base;
        switch (what)
        {
            case "target outside the domain": BitConverter.GetBytes(sensorRam).CopyTo(blob, at + (int)PlanFormat.LTarget); break;
            case "source inside a domain": BitConverter.GetBytes(sensorRam).CopyTo(blob, at + (int)PlanFormat.LSource); break;
            case "source inside the hypervisor": BitConverter.GetBytes(system.Board.HypervisorReserved.Base).CopyTo(blob, at + (int)PlanFormat.LSource); break;
            case "misaligned": BitConverter.GetBytes(0x10004UL).CopyTo(blob, at + (int)PlanFormat.LSize); break;
            case "unknown domain": BitConverter.GetBytes(7u).CopyTo(blob, at + (int)PlanFormat.LDomain); break;
        }
        PlanWriter.Reseal(blob);
        Assert.Equal(PlanError.BadLoad, Open(blob));
    }
}
