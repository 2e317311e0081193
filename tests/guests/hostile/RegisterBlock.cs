using Bulkhead.Guest;

/// <summary>
/// Every general register (x0-x30) and SIMD register (q0-q31) loaded from a block, one trapping
/// instruction, and every register stored back: the register contract of docs/abi.md, checked
/// across hypercalls, PSCI, emulated MMIO and trapped system registers.
/// </summary>
public unsafe struct RegisterBlock
{
    public const int GeneralIn = 0, GeneralOut = 256, VectorIn = 512, VectorOut = 1024, Size = 1536;
    public ulong* Words;

    public static RegisterBlock Allocate()
    {
        RegisterBlock block;
        block.Words = (ulong*)(((ulong)Memory.AllocateZeroed(Size + 16) + 15) & ~15UL);
        return block;
    }

    public ulong In(int x) => Words[GeneralIn / 8 + x];
    public void SetIn(int x, ulong value) => Words[GeneralIn / 8 + x] = value;
    public ulong Out(int x) => Words[GeneralOut / 8 + x];
    public ulong VectorInLow(int q) => Words[VectorIn / 8 + 2 * q];
    public ulong VectorOutWord(int q, int half) => Words[VectorOut / 8 + 2 * q + half];
    public ulong VectorInWord(int q, int half) => Words[VectorIn / 8 + 2 * q + half];

    /// <summary>Fills every input register with a recognisable pattern (register number in the top byte).</summary>
    public void FillPatterns(ulong seed)
    {
        for (int x = 0; x < 31; x++) SetIn(x, ((ulong)x << 56) | (seed * 0x9E3779B97F4A7C15UL >> 8) ^ (ulong)x);
        for (int q = 0; q < 32; q++)
        {
            Words[VectorIn / 8 + 2 * q] = 0x5100000000000000UL | ((ulong)q << 48) | seed;
            Words[VectorIn / 8 + 2 * q + 1] = 0x5200000000000000UL | ((ulong)q << 48) | ~seed & 0xFFFFFFFFFFFF;
        }
    }

    /// <summary>
    /// Assembles a routine: void run(ulong* block) that loads the block into x0-x30 and q0-q31,
    /// executes <paramref name="count"/> instructions from <paramref name="payload"/>, and stores
    /// every register back (the stack pointer is the only register the routine keeps for itself).
    /// </summary>
    public static delegate*<ulong*, void> Routine(uint* payload, int count)
    {
        uint* start = Code.Begin();
        for (uint r = 19; r < 31; r += 2) Code.Emit(A64.PushPair(r, r + 1 == 31 ? 30 : r + 1)); // x19..x30 (x30 twice: harmless)
        Code.Emit(A64.Push(0));                                    // the block pointer
        for (uint q = 0; q < 32; q++) Code.Emit(A64.LoadQ(q, 0, VectorIn + 16 * q));
        for (uint x = 30; x >= 1; x--) Code.Emit(A64.Load(8, x, 0, GeneralIn + 8 * x));
        Code.Emit(A64.Load(8, 0, 0, GeneralIn));
        for (int i = 0; i < count; i++) Code.Emit(payload[i]);
        Code.Emit(A64.Push(0));                                    // x0 after the payload
        Code.Emit(A64.Load(8, 0, 31, 16));                         // the block pointer (ldr x0, [sp, #16])
        for (uint x = 1; x <= 30; x++) Code.Emit(A64.Store(8, x, 0, GeneralOut + 8 * x));
        for (uint q = 0; q < 32; q++) Code.Emit(A64.StoreQ(q, 0, VectorOut + 16 * q));
        Code.Emit(A64.Pop(1));
        Code.Emit(A64.Store(8, 1, 0, GeneralOut));
        Code.Emit(A64.AddSp(16));
        for (uint r = 29; r >= 19; r -= 2) Code.Emit(A64.PopPair(r, r + 1 == 31 ? 30 : r + 1));
        Code.Emit(A64.Ret);
        return (delegate*<ulong*, void>)(void*)start;
    }

    public static delegate*<ulong*, void> Routine(uint instruction)
    {
        uint* one = stackalloc uint[1];
        one[0] = instruction;
        return Routine(one, 1);
    }

    public void Run(delegate*<ulong*, void> routine) => routine(Words);

    /// <summary>The first general register from <paramref name="first"/> on that changed (except <paramref name="skip"/>), or -1.</summary>
    public int ChangedGeneral(int first, int skip = -1)
    {
        for (int x = first; x < 31; x++) if (x != skip && Out(x) != In(x)) return x;
        return -1;
    }

    /// <summary>The first SIMD register that changed, or -1.</summary>
    public int ChangedVector()
    {
        for (int q = 0; q < 32; q++)
            if (VectorOutWord(q, 0) != VectorInWord(q, 0) || VectorOutWord(q, 1) != VectorInWord(q, 1)) return q;
        return -1;
    }
}
