using Bulkhead.Build;
using Bulkhead.X86;
using Iced.Intel;
using Xunit;
using Xunit.Abstractions;

namespace Bulkhead.X86.Tests;

/// <summary>
/// The hypervisor's instruction decoder (hv-x86/InstructionDecoder.cs, compiled here as is)
/// against Iced's decoder. Over every tested encoding the two must agree: when hv-x86 decodes
/// an instruction, Iced sees the same MOV form with the same length, operand sizes, registers,
/// memory operand and immediate; when hv-x86 refuses one, Iced does not see a MOV form it claims
/// to support. The encodings are bounded and reproducible: fixed seeds, plus every instruction
/// of the hypervisor's own compiled code.
/// </summary>
public unsafe class DecoderDifferentialTests(ITestOutputHelper output)
{
    private const ulong Ip = 0x7000_1000;

    private static readonly HashSet<Code> Supported =
    [
        Code.Mov_rm8_r8, Code.Mov_rm16_r16, Code.Mov_rm32_r32, Code.Mov_rm64_r64,
        Code.Mov_r8_rm8, Code.Mov_r16_rm16, Code.Mov_r32_rm32, Code.Mov_r64_rm64,
        Code.Mov_rm8_imm8, Code.Mov_rm16_imm16, Code.Mov_rm32_imm32, Code.Mov_rm64_imm32,
        Code.Mov_AL_moffs8, Code.Mov_AX_moffs16, Code.Mov_EAX_moffs32, Code.Mov_RAX_moffs64,
        Code.Mov_moffs8_AL, Code.Mov_moffs16_AX, Code.Mov_moffs32_EAX, Code.Mov_moffs64_RAX,
        Code.Movzx_r16_rm8, Code.Movzx_r32_rm8, Code.Movzx_r64_rm8, Code.Movzx_r16_rm16, Code.Movzx_r32_rm16, Code.Movzx_r64_rm16,
        Code.Movsx_r16_rm8, Code.Movsx_r32_rm8, Code.Movsx_r64_rm8, Code.Movsx_r16_rm16, Code.Movsx_r32_rm16, Code.Movsx_r64_rm16,
    ];

    private static readonly byte[] LegacyPrefixes = [0x66, 0x67, 0xF0, 0xF2, 0xF3, 0x2E, 0x36, 0x3E, 0x26, 0x64, 0x65];
    private static readonly byte[][] Opcodes =
    [
        [0x88], [0x89], [0x8A], [0x8B], [0xC6], [0xC7], [0xA0], [0xA1], [0xA2], [0xA3],
        [0x0F, 0xB6], [0x0F, 0xB7], [0x0F, 0xBE], [0x0F, 0xBF],
    ];

    /// <summary>Compares one encoding; returns null when both decoders agree, else the disagreement.</summary>
    public static string? Compare(byte[] code, out bool decodedByUs)
    {
        var decoder = Iced.Intel.Decoder.Create(64, new ByteArrayCodeReader(code), Ip);
        decoder.Decode(out var iced);
        bool icedSupported = iced.Code != Code.INVALID && Supported.Contains(iced.Code);
        DecodedInstruction ours;
        fixed (byte* p = code) decodedByUs = InstructionDecoder.Decode(p, code.Length, out ours);
        string hex = Convert.ToHexString(code, 0, Math.Min(code.Length, 15));
        if (!decodedByUs)
            return icedSupported ? $"{hex}: hv-x86 refused what Iced decodes as '{iced}' ({iced.Code})" : null;
        if (!icedSupported)
            return $"{hex}: hv-x86 decoded an instruction Iced sees as '{iced}' ({iced.Code})";

        var problems = new List<string>();
        void Check<T>(string what, T expected, T actual)
        {
            if (!EqualityComparer<T>.Default.Equals(expected, actual)) problems.Add($"{what}: Iced {expected}, hv-x86 {actual}");
        }
        Check("length", iced.Length, ours.Length);
        Check("mnemonic", iced.Mnemonic.ToString().ToLowerInvariant(), InstructionDecoder.MnemonicName(ours.Mnemonic));

        int memoryOperand = -1, registerOperand = -1, immediateOperand = -1;
        for (int i = 0; i < iced.OpCount; i++)
        {
            var kind = iced.GetOpKind(i);
            if (kind == OpKind.Memory) memoryOperand = i;
            else if (kind == OpKind.Register) { if (registerOperand < 0) registerOperand = i; }
            else immediateOperand = i;
        }
        Check("has memory operand", memoryOperand >= 0, ours.HasMemory);
        if (memoryOperand >= 0)
        {
            Check("store", memoryOperand == 0, ours.IsStore);
            Check("access size", iced.MemorySize.GetSize(), ours.AccessSize);
            bool eip = iced.MemoryBase == Register.EIP, rip = iced.MemoryBase == Register.RIP;
            if (rip || eip) Check("address size", rip ? 8 : 4, ours.AddressSize);
            else if (iced.MemoryBase != Register.None) Check("address size", iced.MemoryBase.GetSize(), ours.AddressSize);
            else if (iced.MemoryIndex != Register.None) Check("address size", iced.MemoryIndex.GetSize(), ours.AddressSize);
            else if (ours.IsAbsolute) Check("moffs size", iced.MemoryDisplSize, ours.AddressSize);
            if (rip || eip)
            {
                Check("base", InstructionDecoder.BaseRip, ours.Base);
                ulong target = Ip + (ulong)ours.Length + (ulong)ours.Displacement;
                Check("rip-relative target", eip ? (uint)iced.MemoryDisplacement64 : iced.MemoryDisplacement64, eip ? (uint)target : target);
            }
            else
            {
                Check("base", Number(iced.MemoryBase), ours.Base);
                Check("index", Number(iced.MemoryIndex), ours.Index);
                if (iced.MemoryIndex != Register.None) Check("scale", iced.MemoryIndexScale, ours.Scale);
                ulong displacement = ours.AddressSize == 4 ? (uint)ours.Displacement : (ulong)ours.Displacement;
                ulong icedDisplacement = ours.AddressSize == 4 ? (uint)iced.MemoryDisplacement64 : iced.MemoryDisplacement64;
                Check("displacement", icedDisplacement, displacement);
            }
            Check("segment", iced.SegmentPrefix == Register.FS ? 4 : iced.SegmentPrefix == Register.GS ? 5 : -1, ours.Segment);
        }
        else
        {
            // Register-to-register form: the r/m operand is the other register.
            int rmOperand = ours.IsStore ? 0 : 1;
            if (iced.OpCount > rmOperand && iced.GetOpKind(rmOperand) == OpKind.Register)
                Check("r/m register", Number(iced.GetOpRegister(rmOperand)), ours.RmRegister);
        }
        if (ours.Register >= 0)
        {
            int regOperand = memoryOperand == 0 ? 1 : 0;
            if (ours.Mnemonic == Mnemonic.Mov && !ours.HasMemory) regOperand = ours.IsStore ? 1 : 0;
            var reg = iced.GetOpRegister(regOperand);
            Check("register", Number(reg), ours.Register);
            Check("high-byte register", reg is Register.AH or Register.CH or Register.DH or Register.BH, ours.HighByteRegister);
            Check("register size", reg.GetSize(), ours.RegisterSize);
        }
        Check("has immediate", immediateOperand >= 0, ours.HasImmediate);
        if (immediateOperand >= 0) Check("immediate", iced.GetImmediate(immediateOperand), ours.Immediate);
        return problems.Count == 0 ? null : $"{hex} ('{iced}'): {string.Join("; ", problems)}";
    }

    /// <summary>A general register as 0..15 (AH..BH as 4..7, like the ModRM encoding), -1 for none.</summary>
    private static int Number(Register r)
    {
        if (r == Register.None) return -1;
        if (r is Register.AH or Register.CH or Register.DH or Register.BH) return 4 + (r - Register.AH);
        return r.GetFullRegister() - Register.RAX;
    }

    private void AssertAgreement(IEnumerable<byte[]> encodings, int minimumDecoded, string source)
    {
        int total = 0, decoded = 0;
        var failures = new List<string>();
        foreach (var code in encodings)
        {
            total++;
            string? problem = Compare(code, out bool ours);
            if (ours) decoded++;
            if (problem != null && failures.Count < 20) failures.Add(problem);
        }
        output.WriteLine($"{source}: {total} encodings, {decoded} decoded by hv-x86, {failures.Count} disagreements");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.True(decoded >= minimumDecoded, $"only {decoded} of {total} encodings were MOV forms");
    }

    /// <summary>Structured random encodings: random prefixes (legacy, REX), a MOV opcode, random ModRM/SIB/displacement/immediate bytes.</summary>
    public static IEnumerable<byte[]> StructuredRandom(int count, int seed)
    {
        var random = new Random(seed);
        for (int n = 0; n < count; n++)
        {
            var bytes = new List<byte>();
            int prefixes = random.Next(4);
            for (int i = 0; i < prefixes; i++)
                bytes.Add(random.Next(5) == 0 ? (byte)(0x40 + random.Next(16)) : LegacyPrefixes[random.Next(LegacyPrefixes.Length)]);
            if (random.Next(2) == 0) bytes.Add((byte)(0x40 + random.Next(16)));
            bytes.AddRange(Opcodes[random.Next(Opcodes.Length)]);
            while (bytes.Count < 15) bytes.Add((byte)random.Next(256));
            yield return bytes.ToArray();
        }
    }

    /// <summary>Uniformly random 15-byte sequences: mostly other instructions, which hv-x86 must refuse.</summary>
    public static IEnumerable<byte[]> UniformRandom(int count, int seed)
    {
        var random = new Random(seed);
        for (int n = 0; n < count; n++)
        {
            var bytes = new byte[15];
            random.NextBytes(bytes);
            yield return bytes;
        }
    }

    /// <summary>Every MOV form Iced's assembler emits for a grid of registers, sizes and addressing modes.</summary>
    public static IEnumerable<byte[]> AssembledForms()
    {
        var gpr64 = new[] { AssemblerRegisters.rax, AssemblerRegisters.rcx, AssemblerRegisters.rsp, AssemblerRegisters.rbp, AssemblerRegisters.rsi, AssemblerRegisters.r8, AssemblerRegisters.r12, AssemblerRegisters.r13, AssemblerRegisters.r15 };
        var gpr32 = new[] { AssemblerRegisters.eax, AssemblerRegisters.edi, AssemblerRegisters.r9d, AssemblerRegisters.r14d };
        var gpr16 = new[] { AssemblerRegisters.ax, AssemblerRegisters.bp, AssemblerRegisters.r10w };
        var gpr8 = new[] { AssemblerRegisters.al, AssemblerRegisters.ah, AssemblerRegisters.bh, AssemblerRegisters.sil, AssemblerRegisters.r11b };
        var indexes = new[] { AssemblerRegisters.rax, AssemblerRegisters.rbx, AssemblerRegisters.rbp, AssemblerRegisters.r9, AssemblerRegisters.r12, AssemblerRegisters.r13 };
        var displacements = new long[] { 0, 8, -128, 127, 0x1000, -0x7FFF_FFF0 };
        var list = new List<byte[]>();
        void Emit(Action<Assembler> build)
        {
            var a = new Assembler(64);
            using var stream = new MemoryStream();
            try
            {
                build(a);
                a.Assemble(new StreamCodeWriter(stream), Ip);
            }
            catch (InvalidOperationException) { return; } // a combination x86 cannot encode (e.g. AH with REX)
            var bytes = stream.ToArray();
            Array.Resize(ref bytes, 15);
            list.Add(bytes);
        }
        foreach (var b in gpr64)
            foreach (var d in displacements)
            {
                foreach (var r in gpr64) { Emit(a => a.mov(AssemblerRegisters.__qword_ptr[b + d], r)); Emit(a => a.mov(r, AssemblerRegisters.__qword_ptr[b + d])); }
                foreach (var r in gpr32) { Emit(a => a.mov(AssemblerRegisters.__dword_ptr[b + d], r)); Emit(a => a.movzx(r, AssemblerRegisters.__word_ptr[b + d])); }
                foreach (var r in gpr16) { Emit(a => a.mov(r, AssemblerRegisters.__word_ptr[b + d])); Emit(a => a.movsx(r, AssemblerRegisters.__byte_ptr[b + d])); }
                foreach (var r in gpr8) { Emit(a => a.mov(AssemblerRegisters.__byte_ptr[b + d], r)); Emit(a => a.mov(r, AssemblerRegisters.__byte_ptr[b + d])); }
                foreach (var i in indexes)
                    foreach (int scale in new[] { 1, 2, 4, 8 })
                    {
                        Emit(a => a.mov(AssemblerRegisters.__dword_ptr[b + i * scale + d], 0x12345678));
                        Emit(a => a.movsx(AssemblerRegisters.rdx, AssemblerRegisters.__word_ptr[b + i * scale + d]));
                        Emit(a => a.mov(AssemblerRegisters.__byte_ptr[b + i * scale + d], 0x7F));
                        Emit(a => a.mov(AssemblerRegisters.__qword_ptr[b + i * scale + d], -5));
                    }
            }
        foreach (var d in displacements)
        {
            Emit(a => a.mov(AssemblerRegisters.eax, AssemblerRegisters.__dword_ptr[(ulong)(0xFEE0_0000 + d)]));
            Emit(a => a.mov(AssemblerRegisters.__word_ptr[(ulong)(0xFED0_0000 + d)], 0x1234));
        }
        return list;
    }

    [Fact]
    public void AgreesWithIcedOnStructuredRandomMovEncodings() =>
        AssertAgreement(StructuredRandom(200_000, seed: 6), minimumDecoded: 100_000, "structured random");

    [Fact]
    public void AgreesWithIcedOnUniformRandomBytes() =>
        AssertAgreement(UniformRandom(200_000, seed: 7), minimumDecoded: 1_000, "uniform random");

    [Fact]
    public void AgreesWithIcedOnAssembledMovForms() =>
        AssertAgreement(AssembledForms(), minimumDecoded: 2_000, "Iced assembler");

    /// <summary>Real encodings: every instruction of the hypervisor's own code, as ILCompiler and clang emitted it.</summary>
    [Fact]
    public void AgreesWithIcedOnEveryInstructionOfTheHypervisorItself()
    {
        var (image, _) = X86Systems.Bare();
        var elf = ElfFile.Read(image.Elf);
        var text = elf.FindSection(".text")!;
        byte[] file = File.ReadAllBytes(image.Elf);
        var code = file.AsSpan((int)text.Offset, (int)text.Size).ToArray();
        var decoder = Iced.Intel.Decoder.Create(64, new ByteArrayCodeReader(code), text.Address);
        var encodings = new List<byte[]>();
        while (decoder.IP < text.Address + (ulong)code.Length)
        {
            ulong at = decoder.IP - text.Address;
            decoder.Decode(out var insn);
            var bytes = new byte[15];
            Array.Copy(code, (int)at, bytes, 0, Math.Min(15, code.Length - (int)at));
            encodings.Add(bytes);
        }
        AssertAgreement(encodings, minimumDecoded: 500, "hypervisor .text");
    }
}
