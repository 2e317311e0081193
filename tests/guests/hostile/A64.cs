// ARM64 instruction encodings the hostile guest assembles at run time (the SDK lets a service add
// only C#, and the attacks need exact instructions: system registers by number, accesses of a
// given size, HVC/SMC with every register set, exception return).
public static class A64
{
    public const uint Ret = 0xD65F03C0, Hvc0 = 0xD4000002, Smc0 = 0xD4000003, Eret = 0xD69F03E0;
    public const uint Isb = 0xD5033FDF, DsbSy = 0xD5033F9F, Wfi = 0xD503207F, Udf0 = 0x00000000;
    public const uint MaskIrq = 0xD50342DF; // msr daifset, #2

    /// <summary>A system register or SYS operation as (op0, op1, CRn, CRm, op2).</summary>
    public static uint SysReg(uint op0, uint op1, uint crn, uint crm, uint op2) =>
        (op0 << 19) | (op1 << 16) | (crn << 12) | (crm << 8) | (op2 << 5);

    public static uint Mrs(uint rt, uint sysreg) => 0xD5200000u | sysreg | rt;
    public static uint Msr(uint sysreg, uint rt) => 0xD5000000u | sysreg | rt;
    /// <summary>SYS (TLBI, DC, IC, AT): op0 = 1.</summary>
    public static uint Sys(uint op1, uint crn, uint crm, uint op2, uint rt) => Msr(SysReg(1, op1, crn, crm, op2), rt);
    public static uint Hvc(uint imm) => 0xD4000002u | (imm << 5);
    public static uint Smc(uint imm) => 0xD4000003u | (imm << 5);

    /// <summary>LDR of 1, 2, 4 or 8 bytes: Xt/Wt = [Xn + offset] (offset scaled by the size).</summary>
    public static uint Load(int size, uint rt, uint rn, uint offset = 0) => LoadStoreBase(size, true) | ((offset / (uint)size) << 10) | (rn << 5) | rt;
    public static uint Store(int size, uint rt, uint rn, uint offset = 0) => LoadStoreBase(size, false) | ((offset / (uint)size) << 10) | (rn << 5) | rt;

    private static uint LoadStoreBase(int size, bool load)
    {
        uint sizeBits = size == 1 ? 0u : size == 2 ? 1u : size == 4 ? 2u : 3u;
        return (sizeBits << 30) | 0x39000000u | (load ? 1u << 22 : 0u);
    }

    public static uint LoadQ(uint qt, uint rn, uint offset) => 0x3DC00000u | ((offset / 16) << 10) | (rn << 5) | qt;
    public static uint StoreQ(uint qt, uint rn, uint offset) => 0x3D800000u | ((offset / 16) << 10) | (rn << 5) | qt;
    /// <summary>LDP Xt1, Xt2, [Xn] (no syndrome for the hypervisor: ISV = 0).</summary>
    public static uint LoadPair(uint rt1, uint rt2, uint rn) => 0xA9400000u | (rt2 << 10) | (rn << 5) | rt1;
    public static uint PushPair(uint rt1, uint rt2) => 0xA9BF0000u | (rt2 << 10) | (31u << 5) | rt1;   // stp rt1, rt2, [sp, #-16]!
    public static uint PopPair(uint rt1, uint rt2) => 0xA8C10000u | (rt2 << 10) | (31u << 5) | rt1;    // ldp rt1, rt2, [sp], #16
    public static uint Push(uint rt) => 0xF81F0FE0u | rt;                                            // str rt, [sp, #-16]!
    public static uint Pop(uint rt) => 0xF84107E0u | rt;                                             // ldr rt, [sp], #16
    public static uint LoadLiteral(uint rt, int byteOffset) => 0x58000000u | ((uint)(byteOffset / 4) & 0x7FFFF) << 5 | rt;
    public static uint AddImmediate(uint rd, uint rn, uint imm) => 0x91000000u | (imm << 10) | (rn << 5) | rd;
    public static uint AddSp(uint imm) => 0x910003FFu | (imm << 10);
    public static uint SubSp(uint imm) => 0xD10003FFu | (imm << 10);
    public static uint MovRegister(uint rd, uint rm) => 0xAA0003E0u | (rm << 16) | rd;
    public static uint MovWide(uint rd, uint imm16, uint shift16) => 0xD2800000u | (shift16 << 21) | (imm16 << 5) | rd;
    public static uint MovKeep(uint rd, uint imm16, uint shift16) => 0xF2800000u | (shift16 << 21) | (imm16 << 5) | rd;
    public static uint BranchToSelf => 0x14000000u;
    public static uint BranchLinkRegister(uint rn) => 0xD63F0000u | (rn << 5);

    // System registers used by the attacks (op0, op1, CRn, CRm, op2).
    public static readonly uint VbarEl1 = SysReg(3, 0, 12, 0, 0), EsrEl1 = SysReg(3, 0, 5, 2, 0), ElrEl1 = SysReg(3, 0, 4, 0, 1);
    public static readonly uint SctlrEl1 = SysReg(3, 0, 1, 0, 0), Daif = SysReg(3, 3, 4, 2, 1), Ttbr0El1 = SysReg(3, 0, 2, 0, 0);
    public static readonly uint CntvCtl = SysReg(3, 3, 14, 3, 1), CntvCval = SysReg(3, 3, 14, 3, 2), Cntvct = SysReg(3, 3, 14, 0, 2);
    public static readonly uint IccSgi1r = SysReg(3, 0, 12, 11, 5), IccSgi0r = SysReg(3, 0, 12, 11, 7);
}
