using System.Text;
using Bulkhead.Config.Checking;
using Bulkhead.Config.Planning;
using Bulkhead.Core.Plan;

namespace Bulkhead.Config.Tests;

/// <summary>Round trip config -> plan -> hv-core reader, and the reader's rejections.</summary>
public unsafe class PlanTests
{
    internal static ResolvedSystem Example(string name = "qemu-virt-gicv3.yaml")
    {
        var result = Checker.CheckFile(TestPaths.Example(name));
        Assert.Equal(0, result.ExitCode);
        return result.System!;
    }

    internal static PlanError Open(byte[] blob, out PlanReader reader)
    {
        fixed (byte* p = blob) return PlanReader.Open(p, (uint)blob.Length, out reader);
    }

    static string Name(byte* p, uint length)
    {
        var sb = new StringBuilder();
        for (uint i = 0; i < length && p[i] != 0; i++) sb.Append((char)p[i]);
        return sb.ToString();
    }

    [Theory]
    [InlineData("qemu-virt-gicv3.yaml")]
    [InlineData("qemu-virt-gicv2.yaml")]
    public void Plan_header_holds_no_board_facts_beyond_the_board_id(string example)
    {
        // Interrupt controller, timers and console come from the generated BoardConfig (one source):
        // the header bytes that held them in format 1.x stay zero.
        var blob = PlanWriter.Write(Example(example));
        Assert.Equal(2, PlanFormat.VersionMajor);
        Assert.All(new[] { 57, 58, 60, 61, 62, 63 }, i => Assert.Equal(0, blob[i]));
        // 128-135: the load table's directory entry (2.2), empty without Linux domains; the rest is reserved.
        Assert.Equal(0u, BitConverter.ToUInt32(blob, (int)(PlanFormat.HTables + PlanFormat.TableLoads * 8 + 4)));
        Assert.All(Enumerable.Range(144, (int)PlanFormat.HeaderSize - 144), i => Assert.Equal(0, blob[i]));
    }

    [Theory]
    [InlineData("qemu-virt-gicv3.yaml")]
    [InlineData("qemu-virt-gicv2.yaml")]
    [InlineData("ti-j721e.yaml")]
    public void Plan_round_trips_through_the_reader(string example)
    {
        var sys = Example(example);
        var blob = PlanWriter.Write(sys);
        fixed (byte* p = blob)
        {
            Assert.Equal(PlanError.None, PlanReader.Open(p, (uint)blob.Length, out var r));
            var b = sys.Board;
            Assert.Equal(PlanFormat.VersionMajor, r.VersionMajor);
            Assert.Equal(b.Id, Name(r.BoardId, PlanFormat.BoardIdLength));
            Assert.Equal((uint)b.Cores.Count, r.CoreCount);
            Assert.Equal(b.HypervisorReserved.Base, r.HypervisorReservedBase);
            Assert.Equal(b.HypervisorReserved.Size, r.HypervisorReservedSize);
            for (uint c = 0; c < r.CoreCount; c++)
            {
                Assert.Equal(b.Cores[(int)c].Mpidr, r.GetCore(c).Mpidr);
                var owner = sys.OwnerOfCore((int)c);
                Assert.Equal(owner is null ? PlanFormat.NoDomain : (uint)owner.Index, r.GetCore(c).Domain);
            }

            Assert.Equal((uint)sys.Domains.Count, r.DomainCount);
            foreach (var d in sys.Domains)
            {
                var pd = r.GetDomain((uint)d.Index);
                Assert.Equal(d.Name, Name(pd.Name, PlanFormat.NameLength));
                Assert.Equal((byte)d.Criticality, (byte)pd.Criticality);
                Assert.Equal(d.Cores.Aggregate(0UL, (m, c) => m | (1UL << c)), pd.CoreMask);
                Assert.Equal(d.EntryPoint, pd.EntryPoint);
                Assert.Equal(d.WatchdogMs, pd.WatchdogMs);
                Assert.Equal(d.RestartLimit, pd.RestartLimit);
                Assert.Equal(d.RestartWindowMs, pd.RestartWindowMs);
                var ram = Enumerable.Range(0, (int)pd.RegionCount).Select(i => r.GetRegion(pd.FirstRegion + (uint)i)).Where(x => x.Kind == PlanRegionKind.Ram).ToList();
                Assert.Equal(d.Memory.Select(m => (m.Range.Base, m.Range.Size)), ram.Select(x => (x.Base, x.Size)));
                var devices = Enumerable.Range(0, (int)pd.DeviceCount).Select(i => r.GetDevice(pd.FirstDevice + (uint)i)).ToList();
                Assert.Equal(d.Devices.Select(x => x.Name), devices.Select(x => Name(x.Name, PlanFormat.DeviceNameLength)));
                var irqs = Enumerable.Range(0, (int)pd.InterruptCount).Select(i => r.GetInterrupt(pd.FirstInterrupt + (uint)i)).Where(x => x.Kind != PlanInterruptKind.Doorbell).Select(x => x.IntId).Order();
                Assert.Equal(d.AllInterrupts, irqs);
            }

            Assert.Equal((uint)sys.Channels.Count, r.ChannelCount);
            foreach (var c in sys.Channels)
            {
                var pc = r.GetChannel((uint)c.Index);
                Assert.Equal(c.Name, Name(pc.Name, PlanFormat.NameLength));
                Assert.Equal((uint)c.Writer!.Index, pc.Writer);
                Assert.Equal(c.Range.Base, pc.Base);
                Assert.Equal(c.Range.Size, pc.Size);
                Assert.Equal(c.Doorbell, pc.DoorbellIntId);
            }
        }
    }

    [Fact]
    public void X86_plan_carries_apic_ids_and_gsis()
    {
        var result = Checker.CheckFile(TestPaths.Fixture("valid", "x86-bochs.yaml"));
        Assert.Equal(0, result.ExitCode);
        var blob = PlanWriter.Write(result.System!);
        fixed (byte* p = blob)
        {
            Assert.Equal(PlanError.None, PlanReader.Open(p, (uint)blob.Length, out var r));
            Assert.Equal(PlanArch.X86_64, r.Arch);
            var hello = r.GetDomain(0);
            var gsis = Enumerable.Range(0, (int)hello.InterruptCount).Select(i => r.GetInterrupt(hello.FirstInterrupt + (uint)i).IntId);
            Assert.Equal(new uint[] { 2, 5 }, gsis);
        }
    }

    [Fact]
    public void Restart_window_round_trips_and_an_absent_window_is_zero()
    {
        var result = Checker.CheckFile(TestPaths.Fixture("valid", "restart-window.yaml"));
        Assert.Equal(0, result.ExitCode);
        var blob = PlanWriter.Write(result.System!);
        Assert.Equal(PlanError.None, Open(blob, out var r));
        Assert.Equal(PlanFormat.VersionMinor, r.VersionMinor);
        Assert.Equal((3u, 10000u), (r.GetDomain(0).RestartLimit, r.GetDomain(0).RestartWindowMs));
        Assert.Equal((5u, 0u), (r.GetDomain(1).RestartLimit, r.GetDomain(1).RestartWindowMs));
        Assert.Equal((16u, 1000u), (r.GetDomain(2).RestartLimit, r.GetDomain(2).RestartWindowMs));
        var old = PlanWriter.Write(Example());
        Assert.Equal(PlanError.None, Open(old, out var o));
        for (uint d = 0; d < o.DomainCount; d++) Assert.Equal(0u, o.GetDomain(d).RestartWindowMs);
    }

    [Fact]
    public void Plan_is_deterministic()
    {
        Assert.Equal(PlanWriter.Write(Example()), PlanWriter.Write(Example()));
    }

    [Fact]
    public void Crc32_matches_the_standard_check_value()
    {
        var data = Encoding.ASCII.GetBytes("123456789");
        Assert.Equal(0xCBF43926u, PlanWriter.Crc(data, 0, (uint)data.Length));
    }

    [Fact]
    public void Out_of_range_accessors_return_empty_records()
    {
        var blob = PlanWriter.Write(Example());
        fixed (byte* p = blob)
        {
            Assert.Equal(PlanError.None, PlanReader.Open(p, (uint)blob.Length, out var r));
            Assert.Equal(0UL, r.GetDomain(r.DomainCount).CoreMask);
            Assert.Equal(0UL, r.GetRegion(uint.MaxValue).Size);
            Assert.Equal(0u, r.GetChannel(r.ChannelCount).DoorbellIntId);
        }
    }

    // Each case edits a valid plan; 'reseal' recomputes the checksum so the deeper check is reached.
    public static TheoryData<string, PlanError> Corruptions() => new()
    {
        { "magic", PlanError.BadMagic },
        { "version", PlanError.UnsupportedVersion },
        { "header-size", PlanError.BadHeaderSize },
        { "length-too-big", PlanError.BadTotalLength },
        { "flipped-bit", PlanError.BadChecksum },
        { "truncated", PlanError.BadTotalLength },
        { "short", PlanError.NullOrTooShort },
        { "table-misaligned", PlanError.TableMisaligned },
        { "table-outside", PlanError.TableOutOfBounds },
        { "too-many-domains", PlanError.TooManyDomains },
        { "core-owner", PlanError.BadCoreOwner },
        { "core-mask", PlanError.BadCoreMask },
        { "region-slice", PlanError.BadDomainSlice },
        { "region-empty", PlanError.BadRegion },
        { "interrupt-ppi", PlanError.BadInterrupt },
        { "channel-writer", PlanError.BadChannel },
        { "bad-policy", PlanError.BadDomain },
        { "window-policy-stop", PlanError.BadRestartWindow },
        { "window-limit-0", PlanError.BadRestartWindow },
        { "window-limit-17", PlanError.BadRestartWindow },
        { "window-too-short", PlanError.BadRestartWindow },
        { "ram-shared", PlanError.RegionOverlap },
        { "ram-in-hypervisor", PlanError.RegionOverlap },
    };

    [Theory]
    [MemberData(nameof(Corruptions))]
    public void Corrupt_or_wrong_version_plan_is_rejected_with_a_reason(string corruption, PlanError expected)
    {
        var blob = PlanWriter.Write(Example());
        uint T(uint table) => BitConverter.ToUInt32(blob, (int)(PlanFormat.HTables + table * 8));
        void Set32(uint at, uint v) => BitConverter.GetBytes(v).CopyTo(blob, at);
        bool reseal = true;
        void Window(PlanRestartPolicy policy, uint limit, uint windowMs)
        {
            uint d0 = T(PlanFormat.TableDomains);
            blob[d0 + PlanFormat.DRestartPolicy] = (byte)policy;
            Set32(d0 + PlanFormat.DRestartLimit, limit);
            Set32(d0 + PlanFormat.DRestartWindowMs, windowMs);
        }
        switch (corruption)
        {
            case "magic": blob[0] ^= 0xFF; reseal = false; break;
            case "version": blob[PlanFormat.HVersionMajor] = (byte)(PlanFormat.VersionMajor + 1); reseal = false; break;
            case "header-size": Set32(PlanFormat.HHeaderSize, 128); reseal = false; break;
            case "length-too-big": Set32(PlanFormat.HTotalLength, (uint)blob.Length + 8); reseal = false; break;
            case "flipped-bit": blob[^1] ^= 0x10; reseal = false; break;
            case "truncated": blob = blob[..^8]; reseal = false; break;
            case "short": blob = blob[..100]; reseal = false; break;
            case "table-misaligned": Set32(PlanFormat.HTables + PlanFormat.TableDomains * 8, T(PlanFormat.TableDomains) + 4); break;
            case "table-outside": Set32(PlanFormat.HTables + PlanFormat.TableRegions * 8 + 4, 1000); break;
            case "too-many-domains": Set32(PlanFormat.HTables + PlanFormat.TableDomains * 8 + 4, 0); break;
            case "core-owner": Set32(T(PlanFormat.TableCores) + PlanFormat.CDomain, 7); break;
            case "core-mask": blob[T(PlanFormat.TableDomains) + PlanFormat.DCoreMask] = 0x10; break;
            case "region-slice": Set32(T(PlanFormat.TableDomains) + PlanFormat.DFirstRegion, 500); break;
            case "region-empty": BitConverter.GetBytes(0UL).CopyTo(blob, T(PlanFormat.TableRegions) + PlanFormat.RSize); break;
            case "interrupt-ppi": Set32(T(PlanFormat.TableInterrupts) + PlanFormat.IIntId, 27); break;
            case "channel-writer": Set32(T(PlanFormat.TableChannels) + PlanFormat.NWriter, 9); break;
            case "bad-policy": blob[T(PlanFormat.TableDomains) + PlanFormat.DRestartPolicy] = 7; break;
            case "window-policy-stop": Window(PlanRestartPolicy.Stop, 3, 10000); break;
            case "window-limit-0": Window(PlanRestartPolicy.Restart, 0, 10000); break;
            case "window-limit-17": Window(PlanRestartPolicy.Restart, PlanFormat.MaxWindowedRestarts + 1, 10000); break;
            case "window-too-short": Window(PlanRestartPolicy.Restart, 3, PlanFormat.MinRestartWindowMs - 1); break;
            case "ram-shared":
            {
                // Point domain 1's first RAM region at domain 0's.
                uint d1 = T(PlanFormat.TableDomains) + PlanFormat.DomainSize;
                uint r0 = T(PlanFormat.TableRegions), r1 = r0 + BitConverter.ToUInt32(blob, (int)(d1 + PlanFormat.DFirstRegion)) * PlanFormat.RegionSize;
                Array.Copy(blob, r0 + PlanFormat.RBase, blob, r1 + PlanFormat.RBase, 8);
                break;
            }
            case "ram-in-hypervisor": Array.Copy(blob, PlanFormat.HHvReservedBase, blob, T(PlanFormat.TableRegions) + PlanFormat.RBase, 8); break;
        }
        if (reseal) PlanWriter.Reseal(blob);
        Assert.Equal(expected, Open(blob, out _));
        Assert.NotEqual("plan error unknown", PlanErrors.Describe(expected));
    }

    [Fact]
    public void Null_plan_is_rejected()
    {
        Assert.Equal(PlanError.NullOrTooShort, PlanReader.Open(null, 4096, out _));
    }

    [Fact]
    public void Every_error_has_its_own_description()
    {
        var all = Enum.GetValues<PlanError>();
        Assert.Equal(all.Length, all.Select(PlanErrors.Describe).Distinct().Count());
    }
}
