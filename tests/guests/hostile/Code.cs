using Bulkhead.Guest;

/// <summary>
/// An executable buffer in the domain's own RAM and the small routines the attacks assemble into it
/// (A64.cs). QEMU's TCG notices code written to memory, so no cache maintenance is needed there;
/// this guest is for the emulator only.
/// </summary>
public static unsafe class Code
{
    private const int Words = 32768;
    private static uint* s_words;
    private static int s_used, s_floor;

    public static void Initialize()
    {
        ulong raw = (ulong)Memory.AllocateZeroed(Words * 4 + 4096);
        s_words = (uint*)((raw + 4095) & ~4095UL);
    }

    /// <summary>Starts a routine on a 2 KiB boundary when <paramref name="align2k"/> (vector tables), else on 16 bytes.</summary>
    public static uint* Begin(bool align2k = false)
    {
        int alignment = align2k ? 512 : 4;
        s_used = (s_used + alignment - 1) & ~(alignment - 1);
        if (s_used + 1024 > Words) s_used = s_floor; // reuse: routines built after Keep() are dead by then
        return s_words + s_used;
    }

    /// <summary>Routines built so far (vector table, shared routines) are never overwritten.</summary>
    public static void Keep() => s_floor = s_used;

    public static void Emit(uint instruction) => s_words[s_used++] = instruction;

    public static void Emit64(ulong value)
    {
        Emit((uint)value);
        Emit((uint)(value >> 32));
    }

    /// <summary>Loads a 64-bit constant into register <paramref name="rd"/> (MOVZ + 3 MOVK).</summary>
    public static void LoadConstant(uint rd, ulong value)
    {
        Emit(A64.MovWide(rd, (uint)(value & 0xFFFF), 0));
        for (uint part = 1; part < 4; part++) Emit(A64.MovKeep(rd, (uint)((value >> (int)(16 * part)) & 0xFFFF), part));
    }

    // ---- one-instruction routines: x0 = address or value, x1 = value to store; result in x0 ----

    public static delegate*<ulong> ReadRoutine(uint sysreg)
    {
        uint* start = Begin(); Emit(A64.Mrs(0, sysreg)); Emit(A64.Ret);
        return (delegate*<ulong>)(void*)start;
    }

    public static delegate*<ulong, void> WriteRoutine(uint sysreg)
    {
        uint* start = Begin(); Emit(A64.Msr(sysreg, 0)); Emit(A64.Isb); Emit(A64.Ret);
        return (delegate*<ulong, void>)(void*)start;
    }

    /// <summary>A SYS operation (TLBI, DC, IC, AT) with x0 as its operand.</summary>
    public static delegate*<ulong, void> SysRoutine(uint op1, uint crn, uint crm, uint op2)
    {
        uint* start = Begin(); Emit(A64.Sys(op1, crn, crm, op2, 0)); Emit(A64.DsbSy); Emit(A64.Isb); Emit(A64.Ret);
        return (delegate*<ulong, void>)(void*)start;
    }

    public static delegate*<ulong, ulong> LoadRoutine(int size)
    {
        uint* start = Begin(); Emit(A64.Load(size, 0, 0)); Emit(A64.Ret);
        return (delegate*<ulong, ulong>)(void*)start;
    }

    public static delegate*<ulong, ulong, void> StoreRoutine(int size)
    {
        uint* start = Begin(); Emit(A64.Store(size, 1, 0)); Emit(A64.Ret);
        return (delegate*<ulong, ulong, void>)(void*)start;
    }

    /// <summary>LDP x0, x1, [x0]: a pair load carries no syndrome the hypervisor could emulate.</summary>
    public static delegate*<ulong, ulong> LoadPairRoutine()
    {
        uint* start = Begin(); Emit(A64.LoadPair(0, 1, 0)); Emit(A64.Ret);
        return (delegate*<ulong, ulong>)(void*)start;
    }

    /// <summary>
    /// An access with the stage-1 MMU off (x1 = SCTLR without M, x2 = SCTLR as it was), so the
    /// address goes to stage 2 untranslated: addresses the guest's own page tables do not map.
    /// </summary>
    public static delegate*<ulong, ulong, ulong, ulong> LoadWithoutMmuRoutine()
    {
        uint* start = Begin();
        Emit(A64.Msr(A64.SctlrEl1, 1)); Emit(A64.Isb);
        Emit(A64.Load(8, 0, 0));
        Emit(A64.Msr(A64.SctlrEl1, 2)); Emit(A64.Isb); Emit(A64.Ret);
        return (delegate*<ulong, ulong, ulong, ulong>)(void*)start;
    }

    /// <summary>x0 = function id, x1..x3 arguments, through HVC #imm or SMC #imm; returns x0.</summary>
    public static delegate*<ulong, ulong, ulong, ulong, long> CallRoutine(bool smc, uint imm)
    {
        uint* start = Begin(); Emit(smc ? A64.Smc(imm) : A64.Hvc(imm)); Emit(A64.Ret);
        return (delegate*<ulong, ulong, ulong, ulong, long>)(void*)start;
    }
}
