/// <summary>
/// 32-bit register accesses as single LDR/STR with an immediate offset of zero. The compiler may
/// emit post-indexed or register-offset forms for plain pointer code, which carry no syndrome
/// (ISV = 0): the hypervisor cannot emulate those and rightly ends the domain.
/// </summary>
public static unsafe class Reg
{
    private static delegate*<ulong, ulong> s_read;
    private static delegate*<ulong, ulong, void> s_write;

    public static void Initialize()
    {
        s_read = Code.LoadRoutine(4);
        s_write = Code.StoreRoutine(4);
    }

    public static uint Read32(ulong address) => (uint)s_read(address);
    public static void Write32(ulong address, uint value) => s_write(address, value);
}
