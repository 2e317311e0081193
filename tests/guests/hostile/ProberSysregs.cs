using static A64;

/// <summary>
/// System registers and instructions a domain must not reach: EL2/EL3 registers and TLB/AT
/// operations are UNDEFINED at EL1 (the CPU itself refuses; caught here); set/way cache
/// maintenance is trapped and ignored by the hypervisor; its own TLB, PMU and counters stay usable.
/// </summary>
public static unsafe class ProberSysregs
{
    private const uint Undefined = 0;

    public static void Run()
    {
        Refused("el2-hcr-read", SysReg(3, 4, 1, 1, 0), false);
        Refused("el2-hcr-write", SysReg(3, 4, 1, 1, 0), true);
        Refused("el2-vttbr-write", SysReg(3, 4, 2, 1, 0), true);
        Refused("el2-vtcr-write", SysReg(3, 4, 2, 1, 2), true);
        Refused("el2-vbar-write", SysReg(3, 4, 12, 0, 0), true);
        Refused("el2-sctlr-write", SysReg(3, 4, 1, 0, 0), true);
        Refused("el2-esr-read", SysReg(3, 4, 5, 2, 0), false);
        Refused("el2-elr-write", SysReg(3, 4, 4, 0, 1), true);
        Refused("el2-mdcr-write", SysReg(3, 4, 1, 1, 1), true);
        Refused("el2-vmpidr-write", SysReg(3, 4, 0, 0, 5), true);
        Refused("el2-cnthctl-write", SysReg(3, 4, 14, 1, 0), true);
        Refused("el2-cntvoff-write", SysReg(3, 4, 14, 0, 3), true);
        Refused("el2-physical-timer-ctl-write", SysReg(3, 4, 14, 2, 1), true);
        Refused("el2-physical-timer-cval-write", SysReg(3, 4, 14, 2, 2), true);
        Refused("el2-ich-hcr-write", SysReg(3, 4, 12, 11, 0), true);
        Refused("el2-ich-lr0-write", SysReg(3, 4, 12, 12, 0), true);
        Refused("el3-scr-read", SysReg(3, 6, 1, 1, 0), false);
        RefusedOperation("tlbi-alle2", 4, 8, 7, 0);
        RefusedOperation("tlbi-alle1", 4, 8, 7, 4);
        RefusedOperation("tlbi-vmalls12e1", 4, 8, 7, 6);
        RefusedOperation("at-s12e1r", 4, 7, 8, 4);
        RefusedOperation("at-s1e2r", 4, 7, 8, 0);

        Allowed("tlbi-vmalle1is-own-vmid", Code.SysRoutine(0, 8, 3, 0), 0);
        Allowed("dc-isw-set-way-ignored", Code.SysRoutine(0, 7, 6, 2), 0x2);
        Allowed("dc-csw-set-way-ignored", Code.SysRoutine(0, 7, 10, 2), 0x2);
        Allowed("dc-cisw-set-way-ignored", Code.SysRoutine(0, 7, 14, 2), 0x2);
        Allowed("ic-ialluis", Code.SysRoutine(0, 7, 1, 0), 0);
        ulong esr = Catcher.Write(Code.WriteRoutine(SysReg(3, 3, 9, 12, 0)), 0x7);       // PMCR_EL0: E, P, C (reset own counters)
        if (esr == Catcher.NoException) esr = Catcher.Read(Code.ReadRoutine(SysReg(3, 3, 9, 13, 0)), out _); // PMCCNTR_EL0
        Pass("pmu-own-counters-reset", esr);
        esr = Catcher.Read(Code.ReadRoutine(SysReg(3, 3, 14, 0, 1)), out _); // CNTPCT_EL0
        Pass("physical-counter-readable", esr);
    }

    private static void Pass(string attack, ulong esr) =>
        Verdict.Check(attack, esr == Catcher.NoException, string.Concat("exception ESR 0x", esr.ToString("x")));

    private static void Refused(string attack, uint sysreg, bool write)
    {
        ulong esr;
        if (write) esr = Catcher.Write(Code.WriteRoutine(sysreg), 0);
        else esr = Catcher.Read(Code.ReadRoutine(sysreg), out _);
        Judge(attack, esr);
    }

    private static void RefusedOperation(string attack, uint op1, uint crn, uint crm, uint op2) =>
        Judge(attack, Catcher.Write(Code.SysRoutine(op1, crn, crm, op2), 0));

    private static void Judge(string attack, ulong esr) =>
        Verdict.Check(attack, esr != Catcher.NoException && Catcher.ClassOf(esr) == Undefined,
            esr == Catcher.NoException ? "executed at EL1 without an exception" : string.Concat("unexpected ESR 0x", esr.ToString("x")));

    private static void Allowed(string attack, delegate*<ulong, void> routine, ulong operand) => Pass(attack, Catcher.Write(routine, operand));
}
