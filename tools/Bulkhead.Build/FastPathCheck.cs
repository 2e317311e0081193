using System.Buffers.Binary;
using System.Globalization;

namespace Bulkhead.Build;

/// <summary>
/// Proves, on the linked ARM64 hypervisor image, what its hypercall fast path relies on
/// (hv-arm64/boot/vectors.S): the C# entries listed in <c>hv_fast_calls</c> run with the guest's
/// FP/SIMD registers live and neither ELR_EL2 nor SPSR_EL2 saved, so no instruction they can reach
/// may be an FP/SIMD instruction (it would overwrite a guest register, or trap and overwrite ELR)
/// or an indirect branch this walk cannot follow. The walk follows every branch and call from each
/// entry; it stops at a return and at calls of the runtime's failure helpers (ThrowHelpers: they
/// stop the hypervisor and never come back).
/// </summary>
public static class FastPathCheck
{
    /// <summary>The vector's table of fast entries, one 8-byte address (or 0) per hypercall number.</summary>
    public const string TableSymbol = "hv_fast_calls";
    public const int TableEntries = 12;
    /// <summary>Calls into these never return to the fast path (a runtime failure stops the hypervisor).</summary>
    public const string FailureHelpers = "ThrowHelpers__";

    /// <summary>Checks <paramref name="elfPath"/> if it has a fast-call table; throws a <see cref="BuildException"/> naming the instruction and the entry that reaches it.</summary>
    public static void Run(TargetArch arch, string elfPath)
    {
        if (arch != TargetArch.Arm64) return;
        byte[] data = File.ReadAllBytes(elfPath);
        var elf = ElfFile.Parse(data, elfPath);
        if (!elf.Symbols.TryGetValue(TableSymbol, out ulong table)) return;
        string? problem = Check(data, elf, table);
        if (problem != null) throw new BuildException($"{elfPath}: the hypercall fast path (hv-arm64/FastCalls.cs, boot/vectors.S) {problem}");
    }

    /// <summary>Null when every fast entry is clean, else what is wrong.</summary>
    public static string? Check(byte[] data, ElfFile elf, ulong table)
    {
        var names = new Dictionary<ulong, string>();
        foreach (var (name, address) in elf.Symbols)
            if (!names.TryGetValue(address, out string? known) || name.Length < known.Length) names[address] = name;
        var entries = new List<ulong>();
        for (int i = 0; i < TableEntries; i++)
        {
            ulong entry = Read64(data, elf, table + (ulong)(8 * i)) ?? throw new BuildException($"{TableSymbol} is not in the loaded image");
            if (entry != 0) entries.Add(entry);
        }
        if (entries.Count == 0) return $"has no entries in {TableSymbol}";
        foreach (ulong entry in entries)
        {
            string? problem = Walk(data, elf, names, entry);
            if (problem != null) return $"entry {Name(names, entry)}: {problem}";
        }
        return null;
    }

    private static string? Walk(byte[] data, ElfFile elf, Dictionary<ulong, string> names, ulong entry)
    {
        var seen = new HashSet<ulong>();
        var work = new Stack<ulong>();
        work.Push(entry);
        while (work.Count > 0)
        {
            ulong pc = work.Pop();
            while (seen.Add(pc))
            {
                uint insn = Read32(data, elf, pc) ?? uint.MaxValue;
                if (insn == uint.MaxValue) return $"reaches 0x{pc:x}, outside the image";
                string where = $"0x{pc:x} (in or after {NearestName(names, pc)})";
                if (IsFpSimd(insn)) return $"reaches an FP/SIMD instruction (0x{insn:x8}) at {where}";
                if ((insn & 0xFFFFFC1F) == 0xD65F0000) break;                                 // RET
                if ((insn & 0xFFFFFC1F) is 0xD61F0000 or 0xD63F0000)                           // BR, BLR
                    return $"reaches an indirect branch (0x{insn:x8}) at {where}: its targets cannot be checked";
                if ((insn & 0xFFE0001F) == 0xD4200000 || (insn & 0xFFFF0000) == 0) break;      // BRK, UDF: never continues
                if ((insn & 0x7C000000) == 0x14000000)                                         // B, BL
                {
                    ulong target = pc + (ulong)(SignExtend(insn & 0x3FFFFFF, 26) * 4);
                    if ((insn & 0x80000000) == 0) { work.Push(target); break; }                // B: the run ends here
                    if (!Name(names, target).Contains(FailureHelpers, StringComparison.Ordinal)) work.Push(target);
                }
                else if ((insn & 0xFF000010) == 0x54000000)                                   // B.cond
                    work.Push(pc + (ulong)(SignExtend((insn >> 5) & 0x7FFFF, 19) * 4));
                else if ((insn & 0x7E000000) == 0x34000000)                                   // CBZ, CBNZ
                    work.Push(pc + (ulong)(SignExtend((insn >> 5) & 0x7FFFF, 19) * 4));
                else if ((insn & 0x7E000000) == 0x36000000)                                   // TBZ, TBNZ
                    work.Push(pc + (ulong)(SignExtend((insn >> 5) & 0x3FFF, 14) * 4));
                pc += 4;
            }
        }
        return null;
    }

    /// <summary>
    /// Advanced SIMD and floating-point data processing (op0 = x111), SIMD&amp;FP loads and stores
    /// (op0 = x1x0 with V = 1), and MRS/MSR of FPCR or FPSR (ARM ARM C4.1, top-level encodings).
    /// </summary>
    public static bool IsFpSimd(uint insn) =>
        (insn & 0x0E000000) == 0x0E000000
        || (insn & 0x0E000000) == 0x0C000000
        || (insn & 0xFFDFFFC0) == 0xD51B4400;

    private static long SignExtend(uint value, int bits) => (long)((ulong)value << (64 - bits)) >> (64 - bits);

    private static string Name(Dictionary<ulong, string> names, ulong address) =>
        names.TryGetValue(address, out string? name) ? name : "0x" + address.ToString("x", CultureInfo.InvariantCulture);

    private static string NearestName(Dictionary<ulong, string> names, ulong address)
    {
        ulong best = 0;
        foreach (ulong a in names.Keys) if (a <= address && a > best) best = a;
        return best == 0 ? "?" : names[best];
    }

    private static uint? Read32(byte[] data, ElfFile elf, ulong address) =>
        FileOffset(elf, address, 4) is long at ? BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan((int)at)) : null;

    private static ulong? Read64(byte[] data, ElfFile elf, ulong address) =>
        FileOffset(elf, address, 8) is long at ? BinaryPrimitives.ReadUInt64LittleEndian(data.AsSpan((int)at)) : null;

    private static long? FileOffset(ElfFile elf, ulong address, ulong size)
    {
        foreach (var s in elf.Sections)
            if (s.IsAllocated && !s.IsNoBits && address >= s.Address && address + size <= s.Address + s.Size)
                return (long)(s.Offset + (address - s.Address));
        return null;
    }
}
