using Bulkhead.Arm64.Smmu;
using Xunit;

namespace Bulkhead.Tests;

/// <summary>
/// The SMMUv3 stream table entries and context descriptors the hypervisor writes, decoded field by
/// field as the specification (Arm IHI 0070) lays them out in 32-bit words: STE word 0 V/Config/
/// S1ContextPtr, word 4 S2VMID, word 5 S2T0SZ/S2SL0/S2TG/S2PS/S2AA64/S2R, words 6-7 S2TTB; CD word 0
/// T0SZ/TG0/EPD1/V, word 1 IPS/AA64/R/A/ASID, words 2-3 TTB0. The stage-2 path cannot run on
/// QEMU 7.2 (no stage 2 in its SMMU model), so this is its test.
/// </summary>
public unsafe class SmmuStructureTests
{
    static uint Bits(ulong[] dwords, int word, int shift, int width) =>
        (uint)((dwords[word / 2] >> (32 * (word % 2) + shift)) & ((1UL << width) - 1));

    static ulong[] Encode(delegate*<ulong*, void> write)
    {
        var e = new ulong[8];
        for (int i = 0; i < 8; i++) e[i] = 0xDEADBEEFDEADBEEF;    // stale content must be overwritten
        fixed (ulong* p = e) write(p);
        return e;
    }

    [Fact]
    public void Unowned_stream_is_valid_and_aborts_never_bypasses()
    {
        var e = Encode(&AbortEntry);
        Assert.Equal(1u, Bits(e, 0, 0, 1));        // V
        Assert.Equal(0b000u, Bits(e, 0, 1, 3));    // Config: abort (0b100 would be bypass)
        Assert.All(e.Skip(1), d => Assert.Equal(0UL, d));
    }

    static void AbortEntry(ulong* p) => SmmuStructures.Abort(p);

    // The hypervisor's VTCR_EL2 for a 40-bit IPA space on a 44-bit CPU: T0SZ 24, SL0 1 (level 1,
    // two concatenated tables), IRGN0/ORGN0 write-back, SH0 inner, TG0 4 KiB, PS 44 bits (4).
    const ulong Vtcr = (1UL << 31) | (1UL << 6) | (1UL << 8) | (1UL << 10) | (3UL << 12) | 24 | (4UL << 16);
    const ulong Root = 0x40123000;

    static void Stage2Entry(ulong* p) => SmmuStructures.Stage2(p, vmid: 3, Vtcr, Root, oas: 2);

    [Fact]
    public void Owned_stream_walks_the_owners_stage2_tables_with_its_vmid()
    {
        var e = Encode(&Stage2Entry);
        Assert.Equal(1u, Bits(e, 0, 0, 1));
        Assert.Equal(0b110u, Bits(e, 0, 1, 3));    // stage 1 bypass, stage 2 translate
        Assert.Equal(3u, Bits(e, 4, 0, 16));       // S2VMID = the domain's VMID (index + 1), as in its VTTBR
        Assert.Equal(24u, Bits(e, 5, 0, 6));       // S2T0SZ
        Assert.Equal(1u, Bits(e, 5, 6, 2));        // S2SL0: level 1
        Assert.Equal(1u, Bits(e, 5, 8, 2));        // S2IR0 write-back
        Assert.Equal(1u, Bits(e, 5, 10, 2));       // S2OR0
        Assert.Equal(3u, Bits(e, 5, 12, 2));       // S2SH0 inner shareable
        Assert.Equal(0u, Bits(e, 5, 14, 2));       // S2TG: 4 KiB
        Assert.Equal(2u, Bits(e, 5, 16, 3));       // S2PS capped at the SMMU's OAS (40 bits), not the CPU's 44
        Assert.Equal(1u, Bits(e, 5, 19, 1));       // S2AA64
        Assert.Equal(0u, Bits(e, 5, 25, 1));       // S2S: no stall, faulting DMA terminates
        Assert.Equal(1u, Bits(e, 5, 26, 1));       // S2R: record faults
        Assert.Equal(Root, ((ulong)Bits(e, 7, 0, 16) << 32) | (Bits(e, 6, 0, 32) & 0xFFFFFFF0u));
        Assert.All(e.Skip(4), d => Assert.Equal(0UL, d));
    }

    const ulong ContextAddress = 0x40200040, Table = 0x40300000;

    static void Stage1Entry(ulong* p) => SmmuStructures.Stage1(p, ContextAddress);
    static void ContextEntry(ulong* p) => SmmuStructures.Context(p, Table, asid: 2, ips: 2);

    [Fact]
    public void Without_stage2_the_stream_uses_one_context_descriptor_of_its_owner()
    {
        var e = Encode(&Stage1Entry);
        Assert.Equal(0b101u, Bits(e, 0, 1, 3));    // stage 1 translate, stage 2 bypass
        Assert.Equal(ContextAddress, ((ulong)Bits(e, 1, 0, 16) << 32) | (Bits(e, 0, 0, 32) & 0xFFFFFFC0u));
        Assert.Equal(0u, Bits(e, 0, 4, 2));        // S1Fmt: a single descriptor
        Assert.Equal(0u, Bits(e, 1, 27, 5));       // S1CDMax 0
        Assert.Equal(0u, Bits(e, 2, 27, 1));       // S1STALLD: stalls are not used

        var cd = Encode(&ContextEntry);
        Assert.Equal(25u, Bits(cd, 0, 0, 6));      // T0SZ: 39-bit input, walk from level 1
        Assert.Equal(0u, Bits(cd, 0, 6, 2));       // TG0: 4 KiB
        Assert.Equal(0u, Bits(cd, 0, 14, 1));      // EPD0: TTB0 walks
        Assert.Equal(1u, Bits(cd, 0, 30, 1));      // EPD1: no TTB1
        Assert.Equal(1u, Bits(cd, 0, 31, 1));      // V
        Assert.Equal(2u, Bits(cd, 1, 0, 3));       // IPS
        Assert.Equal(1u, Bits(cd, 1, 9, 1));       // AA64
        Assert.Equal(1u, Bits(cd, 1, 13, 1));      // R: record faults
        Assert.Equal(1u, Bits(cd, 1, 14, 1));      // A: abort (terminate) on fault
        Assert.Equal(0u, Bits(cd, 1, 12, 1));      // S: no stall
        Assert.Equal(2u, Bits(cd, 1, 16, 16));     // ASID
        Assert.Equal(Table, ((ulong)Bits(cd, 3, 0, 20) << 32) | (Bits(cd, 2, 0, 32) & 0xFFFFFFF0u));
        Assert.Equal(0xFFUL, cd[3]);               // MAIR attribute 0: normal write-back
    }
}
