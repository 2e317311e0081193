// The stage-1 page-table-walk fault test guest (tests/systems/s1ptw.yaml, S1ptwTests). Its own
// stage-1 tables are its business, but every table its MMU walks must lie in its own memory: here
// the walk itself reaches outside. The guest points entry 1 of its level-0 table (virtual
// addresses 512 GiB - 1 TiB, unused) at a level-1 "table" in another domain's RAM (WalkTarget),
// drops its TLB entries and reads 512 GiB: the MMU's walk reads WalkTarget, which stage 2 does not
// map. The hypervisor must report a stage-2 fault during the stage-1 walk (ESR ISS.S1PTW) at
// WalkTarget and stop only this domain. "FAIL s1ptw: ..." means the read returned.
// The instructions it needs (MRS TTBR0_EL1, TLBI) are assembled into its own RAM at run time.
using Bulkhead.Guest;

public static unsafe class Program
{
    private const ulong WalkTarget = 0x44000000;          // bystander's RAM (tests/systems/s1ptw.yaml)
    private const ulong WalkedAddress = 0x8000000000;     // 512 GiB: level-0 entry 1
    private const ulong TableDescriptor = 3;

    // mrs x0, ttbr0_el1; ret     |    tlbi vmalle1; dsb ish; isb; ret
    private static readonly uint[] ReadTtbr0 = { 0xD5382000, 0xD65F03C0 };
    private static readonly uint[] FlushTlb = { 0xD508871F, 0xD5033B9F, 0xD5033FDF, 0xD65F03C0 };

    public static void Main()
    {
        Console.WriteLine(string.Concat("hello from ", Domain.Name));
        ulong raw = (ulong)Memory.AllocateZeroed(4096 * 2);
        uint* code = (uint*)((raw + 4095) & ~4095UL);
        for (int i = 0; i < ReadTtbr0.Length; i++) code[i] = ReadTtbr0[i];
        for (int i = 0; i < FlushTlb.Length; i++) code[16 + i] = FlushTlb[i];

        ulong level0 = ((delegate*<ulong>)(void*)code)() & 0x0000FFFFFFFFF000UL;
        Console.WriteLine(string.Concat("level-0 table at 0x", level0.ToString("x")));
        *(ulong*)(level0 + 8) = WalkTarget | TableDescriptor;
        ((delegate*<void>)(void*)(code + 16))();
        Console.WriteLine("ATTACK s1ptw");
        ulong value = *(ulong*)WalkedAddress;
        Console.WriteLine(string.Concat("FAIL s1ptw: the walk through another domain's memory returned 0x", value.ToString("x")));
        Domain.PowerOff();
    }
}
