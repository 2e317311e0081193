using Bulkhead.Arm64;
using Bulkhead.Core.Emulation;
using Bulkhead.Core.Partition;
using Xunit;

namespace Bulkhead.Tests;

/// <summary>
/// The MMIO emulation table (hv-core/Emulation) and the ARM64 data-abort decoder
/// (hv-arm64/DataAbortSyndrome.cs), on the host.
/// </summary>
[Collection("partition-table")] // PartitionTable and MmioTable are static
public unsafe class MmioTests
{
    // ESR_EL2 of a data abort: IL=1, ISV=1, SAS, SSE, SRT, SF, WnR (ARM ARM D17.2.40).
    private static ulong Esr(uint size, bool write, int register, bool signExtend = false, bool sixtyFour = false)
    {
        ulong sas = size switch { 1 => 0UL, 2 => 1UL, 4 => 2UL, _ => 3UL };
        return (0x24UL << 26) | (1UL << 25) | (1UL << 24) | (sas << 22) | (signExtend ? 1UL << 21 : 0) | ((ulong)register << 16)
            | (sixtyFour ? 1UL << 15 : 0) | (write ? 1UL << 6 : 0);
    }

    [Fact]
    public void Store_is_decoded_once_with_its_size_register_value_and_length()
    {
        ulong* x = stackalloc ulong[31];
        x[5] = 0x1122334455667788;
        var access = DataAbortSyndrome.Decode(Esr(1, write: true, register: 5), 0x08000105, x);
        Assert.Equal((1u, true, 5, 0x88UL, 4u, 0x08000105UL), (access.Size, access.Write, access.Register, access.Value, access.Length, access.Address));
        Assert.True(access.Aligned);
    }

    [Fact]
    public void Store_from_the_zero_register_writes_zero()
    {
        ulong* x = stackalloc ulong[31];
        var access = DataAbortSyndrome.Decode(Esr(4, write: true, register: 31), 0x08000100, x);
        Assert.Equal(0UL, access.Value);
    }

    [Theory]
    [InlineData(1u, false, false, 0x80UL, 0x80UL)]                 // ldrb w: zero-extended
    [InlineData(1u, true, false, 0x80UL, 0xFFFFFF80UL)]            // ldrsb w: sign-extended to 32 bits
    [InlineData(1u, true, true, 0x80UL, 0xFFFFFFFFFFFFFF80UL)]     // ldrsb x
    [InlineData(2u, true, true, 0x7FFFUL, 0x7FFFUL)]               // ldrsh x, positive
    [InlineData(4u, false, false, 0x1_2345_6789UL, 0x2345_6789UL)] // ldr w: the handler's extra bits are dropped
    [InlineData(4u, true, true, 0x8000_0000UL, 0xFFFFFFFF80000000UL)] // ldrsw
    [InlineData(8u, false, true, 0x8000_0000_0000_0001UL, 0x8000_0000_0000_0001UL)]
    public void Load_result_is_narrowed_and_extended_as_the_instruction_defines(uint size, bool signExtend, bool sixtyFour, ulong handlerValue, ulong register)
    {
        ulong* x = stackalloc ulong[31];
        var access = DataAbortSyndrome.Decode(Esr(size, write: false, register: 3, signExtend, sixtyFour), 0x08000000, x);
        access.Value = handlerValue;
        Assert.Equal(register, access.Loaded);
    }

    [Fact]
    public void Misaligned_access_is_seen_as_such()
    {
        ulong* x = stackalloc ulong[31];
        Assert.False(DataAbortSyndrome.Decode(Esr(4, false, 0), 0x08000102, x).Aligned);
        Assert.True(DataAbortSyndrome.Decode(Esr(8, false, 0), 0x08000108, x).Aligned);
    }

    [Fact]
    public void Stage1_table_walk_fault_is_named_as_such_not_as_a_write()
    {
        ulong s1ptw = (1UL << 7) | (1UL << 6); // S1PTW with WnR set, as the hardware reports walks that would update descriptors
        Assert.Equal("stage-2 fault during the guest's stage-1 table walk", DataAbortSyndrome.Cause((0x24UL << 26) | s1ptw));
        Assert.False(DataAbortSyndrome.CanEmulate((0x24UL << 26) | (1UL << 24) | s1ptw));
        Assert.Equal("stage-2 fault on write", DataAbortSyndrome.Cause(Esr(4, true, 0)));
        Assert.Equal("stage-2 fault on read", DataAbortSyndrome.Cause(Esr(4, false, 0)));
    }

    [Fact]
    public void Table_hands_an_access_to_the_claiming_range_of_the_callers_domain_only()
    {
        SetUp(domains: 2);
        Assert.True(MmioTable.Add(0, 0x08000000, 0x10000, &Echo));
        Assert.True(MmioTable.Add(1, 0x09000000, 0x1000, &Refuse));

        var access = new MmioAccess { Address = 0x08000104, Size = 4 };
        Assert.True(MmioTable.Emulate(core: 0, ref access));
        Assert.Equal(0x104UL, access.Offset);
        Assert.Equal(0x104UL, access.Value);

        var other = new MmioAccess { Address = 0x08000104, Size = 4 };
        Assert.False(MmioTable.Emulate(core: 1, ref other));              // domain 1 does not have that range
        var refused = new MmioAccess { Address = 0x09000000, Size = 4 };
        Assert.False(MmioTable.Emulate(core: 1, ref refused));            // its handler refuses
        var straddling = new MmioAccess { Address = 0x0800FFFC, Size = 8 };
        Assert.False(MmioTable.Emulate(core: 0, ref straddling));         // runs past the end of the range
        Assert.True(MmioTable.Claims(0, 0x0800FFFF));
        Assert.False(MmioTable.Claims(0, 0x08010000));
    }

    [Fact]
    public void Table_refuses_more_ranges_than_its_fixed_size()
    {
        SetUp(domains: 1);
        for (int i = 0; i < MmioTable.MaxRangesPerDomain; i++) Assert.True(MmioTable.Add(0, 0x1000UL * (ulong)i, 0x1000, &Echo));
        Assert.False(MmioTable.Add(0, 0x100000, 0x1000, &Echo));
    }

    private static void SetUp(int domains)
    {
        MmioTable.Clear();
        PartitionTable.Domains = new Domain[domains];
        PartitionTable.Cores = new CoreState[domains];
        for (int i = 0; i < domains; i++) PartitionTable.Cores[i].Domain = i;
    }

    private static bool Echo(int core, ref MmioAccess access)
    {
        access.Value = access.Offset;
        return true;
    }

    private static bool Refuse(int core, ref MmioAccess access) => false;
}
