using Bulkhead.Guest;

/// <summary>
/// Runs one attack instruction under a private EL1 vector table that records the exception
/// syndrome and skips the instruction, so attacks the CPU itself refuses (EL2 registers are
/// UNDEFINED at EL1, misaligned Device accesses) are judged in place instead of ending the domain.
/// Interrupts are masked meanwhile, so only synchronous exceptions arrive.
/// </summary>
public static unsafe class Catcher
{
    public const ulong NoException = ~0UL;
    private static ulong* s_syndrome;
    private static ulong s_table;
    private static delegate*<ulong> s_readVbar, s_readDaif;
    private static delegate*<ulong, void> s_writeVbar, s_writeDaif;

    public static void Initialize()
    {
        s_syndrome = (ulong*)Memory.AllocateZeroed(16);
        uint* table = Code.Begin(align2k: true);
        for (int entry = 0; entry < 16; entry++)
        {
            uint* at = table + entry * 32;
            while (Code.Begin() != at) Code.Emit(A64.Udf0);
            Code.Emit(A64.PushPair(0, 1));
            Code.Emit(A64.Mrs(0, A64.EsrEl1));
            Code.Emit(A64.LoadLiteral(1, 7 * 4));    // the literal 7 instructions ahead
            Code.Emit(A64.Store(8, 0, 1));
            Code.Emit(A64.Mrs(0, A64.ElrEl1));
            Code.Emit(A64.AddImmediate(0, 0, 4));
            Code.Emit(A64.Msr(A64.ElrEl1, 0));
            Code.Emit(A64.PopPair(0, 1));
            Code.Emit(A64.Eret);
            Code.Emit64((ulong)s_syndrome);
        }
        s_table = (ulong)table;
        s_readVbar = Code.ReadRoutine(A64.VbarEl1);
        s_writeVbar = Code.WriteRoutine(A64.VbarEl1);
        s_readDaif = Code.ReadRoutine(A64.Daif);
        s_writeDaif = Code.WriteRoutine(A64.Daif);
    }

    private static ulong s_savedVbar, s_savedDaif;

    private static void Arm()
    {
        s_savedDaif = s_readDaif();
        s_writeDaif(s_savedDaif | (1UL << 7));
        s_savedVbar = s_readVbar();
        *s_syndrome = NoException;
        s_writeVbar(s_table);
    }

    private static ulong Disarm()
    {
        s_writeVbar(s_savedVbar);
        s_writeDaif(s_savedDaif);
        return *s_syndrome;
    }

    /// <returns>the ESR_EL1 of the exception taken, or <see cref="NoException"/></returns>
    public static ulong Read(delegate*<ulong> routine, out ulong value)
    {
        Arm(); value = routine(); return Disarm();
    }

    public static ulong Write(delegate*<ulong, void> routine, ulong value)
    {
        Arm(); routine(value); return Disarm();
    }

    public static ulong Load(delegate*<ulong, ulong> routine, ulong address, out ulong value)
    {
        Arm(); value = routine(address); return Disarm();
    }

    public static ulong Store(delegate*<ulong, ulong, void> routine, ulong address, ulong value)
    {
        Arm(); routine(address, value); return Disarm();
    }

    /// <summary>The exception class of a syndrome (0 = unknown reason: an UNDEFINED instruction).</summary>
    public static uint ClassOf(ulong esr) => (uint)(esr >> 26) & 0x3F;
}
