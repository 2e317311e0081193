using System.Buffers.Binary;
using Bulkhead.Build;
using Xunit;

namespace Bulkhead.Tests;

/// <summary>
/// The build's proof that the ARM64 hypercall fast path (which keeps the guest's FP/SIMD registers,
/// ELR and SPSR live) has no FP/SIMD instruction: the real image passes, and the same image with
/// one instruction of a fast entry changed is refused with a message that names it.
/// </summary>
public class FastPathCheckTests
{
    private const uint FmovD0Xzr = 0x9E6703E0;  // fmov d0, xzr: writes a guest FP register
    private const uint StrQ0 = 0x3D8003E0;      // str q0, [sp]: a SIMD&FP store
    private const uint BlrX3 = 0xD63F0060;      // blr x3: an indirect call the walk cannot follow
    private const uint MrsFpcr = 0xD53B4400;    // mrs x0, fpcr

    private static (byte[] Data, ElfFile Elf, ulong Table) BuiltImage()
    {
        var image = TestImages.Hypervisor("qemu-virt-gicv3");
        byte[] data = File.ReadAllBytes(image.Elf);
        var elf = ElfFile.Parse(data, image.Elf);
        return (data, elf, elf.Symbols[FastPathCheck.TableSymbol]);
    }

    [Fact]
    public void The_built_hypervisor_passes_and_every_fast_entry_is_in_the_table()
    {
        var (data, elf, table) = BuiltImage();
        Assert.Null(FastPathCheck.Check(data, elf, table));
        foreach (string entry in new[] { "hv_fast_abi_version", "hv_fast_heartbeat", "hv_fast_channel_notify", "hv_fast_yield", "hv_fast_vcpu_stats", "hv_fast_domain_info" })
            Assert.Contains(elf.Symbols[entry], Entries(data, elf, table));
    }

    [Theory]
    [InlineData("hv_fast_abi_version", FmovD0Xzr, "FP/SIMD instruction (0x9e6703e0)")]
    [InlineData("hv_fast_channel_notify", StrQ0, "FP/SIMD instruction (0x3d8003e0)")]
    [InlineData("hv_fast_heartbeat", MrsFpcr, "FP/SIMD instruction (0xd53b4400)")]
    [InlineData("hv_fast_domain_info", BlrX3, "indirect branch")]
    public void A_changed_entry_is_refused_with_the_entry_and_the_instruction(string entry, uint instruction, string expected)
    {
        var (data, elf, table) = BuiltImage();
        ulong at = elf.Symbols[entry] + 4; // the second instruction: past the frame set-up, always reached
        var section = elf.Sections.Single(s => s.IsAllocated && !s.IsNoBits && at >= s.Address && at < s.Address + s.Size);
        BinaryPrimitives.WriteUInt32LittleEndian(data.AsSpan((int)(section.Offset + (at - section.Address))), instruction);
        string? problem = FastPathCheck.Check(data, elf, table);
        Assert.NotNull(problem);
        Assert.Contains($"entry {entry}", problem);
        Assert.Contains(expected, problem);
        Assert.Contains($"0x{at:x}", problem);
    }

    [Fact]
    public void A_callee_is_checked_too()
    {
        // The counter read HEARTBEAT calls (Cpu.ReadCounter, assembly): an FP instruction there is found through the call.
        var (data, elf, table) = BuiltImage();
        ulong callee = elf.Symbols["arm64_read_cntpct"];
        var section = elf.Sections.Single(s => s.IsAllocated && !s.IsNoBits && callee >= s.Address && callee < s.Address + s.Size);
        BinaryPrimitives.WriteUInt32LittleEndian(data.AsSpan((int)(section.Offset + (callee - section.Address))), FmovD0Xzr);
        Assert.Contains("entry hv_fast_heartbeat", FastPathCheck.Check(data, elf, table));
    }

    [Theory]
    [InlineData(0x9E6703E0u, true)]   // fmov d0, xzr
    [InlineData(0x1E202008u, true)]   // fcmp s0, #0.0
    [InlineData(0x4EA01C20u, true)]   // mov v0.16b, v1.16b
    [InlineData(0xAD0007E0u, true)]   // stp q0, q1, [sp]
    [InlineData(0xD51B4420u, true)]   // msr fpsr, x0
    [InlineData(0xA9BF7BFDu, false)]  // stp x29, x30, [sp, #-16]!
    [InlineData(0xF9400000u, false)]  // ldr x0, [x0]
    [InlineData(0x9B027C20u, false)]  // mul x0, x1, x2
    [InlineData(0xD53BE020u, false)]  // mrs x0, cntpct_el0
    [InlineData(0x889FFC01u, false)]  // stlr w1, [x0]
    public void Fp_simd_instructions_are_recognised(uint instruction, bool fp) =>
        Assert.Equal(fp, FastPathCheck.IsFpSimd(instruction));

    private static IEnumerable<ulong> Entries(byte[] data, ElfFile elf, ulong table)
    {
        var section = elf.Sections.Single(s => s.IsAllocated && !s.IsNoBits && table >= s.Address && table < s.Address + s.Size);
        for (int i = 0; i < FastPathCheck.TableEntries; i++)
            yield return BinaryPrimitives.ReadUInt64LittleEndian(data.AsSpan((int)(section.Offset + (table - section.Address)) + 8 * i));
    }
}
