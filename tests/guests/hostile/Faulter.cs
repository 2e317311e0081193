using Bulkhead.Core.Abi;
using Bulkhead.Guest;
using static Layout;

/// <summary>
/// Attacks that end the attacker's run: each start of the faulter domain (restart policy
/// "restart") runs the next one. The attack number survives restarts in the channel the faulter
/// writes (channel memory is not reloaded with the image). Before each access it prints
/// "ATTACK name"; after it "SURVIVED name", which must never appear.
/// </summary>
public static unsafe class Faulter
{
    public static readonly string[] Attacks =
    {
        "read-other-domain", "write-other-domain", "read-hypervisor-image", "write-hypervisor-image",
        "write-hypervisor-reserved-low", "write-channel-it-reads", "write-read-only-region", "execute-read-only-region",
        "execute-other-domain", "read-beyond-ipa", "read-beyond-pa", "read-above-4g", "device-not-owned",
        "hypervisor-console-uart", "gic-hyp-or-its-frame", "gic-frame-not-owned", "gicd-pair-load",
        "debug-mdscr-write", "debug-breakpoint-register", "debug-os-lock", "physical-timer-ctl-write",
        "physical-timer-tval-read", "actlr-el1-write", "gic-sgi0r-write", "page-tables-in-other-domain",
        "undefined-instruction", "fatal-error-message-in-hypervisor", "fatal-error-length-wraps",
        "psci-system-reset", "domain-restart", "smc-system-reset", "cpu-off-last-vcpu",
    };

    public static void Run()
    {
        if (!Channel.Open(FaulterProgress, out Channel progress)) { Console.WriteLine("FAIL faulter: no progress channel"); Domain.Stop(); }
        ulong index = progress.Read64(0);
        if (index >= (ulong)Attacks.Length) { Console.WriteLine("all attacks done"); progress.Write64(8, DoneMark); Domain.PowerOff(); }
        progress.Write64(0, index + 1);
        if (index == (ulong)Attacks.Length - 1) progress.Write64(8, DoneMark); // the last attack ends the domain
        string name = Attacks[(int)index];
        Console.WriteLine(string.Concat("ATTACK ", name));
        Attack((int)index, progress);
        Console.WriteLine(string.Concat("SURVIVED ", name));
        Domain.Restart(); // on to the next attack: the survivor is reported, the sequence goes on
    }

    private static ulong SctlrWithoutMmu(out ulong sctlr)
    {
        sctlr = Code.ReadRoutine(A64.SctlrEl1)();
        return sctlr & ~1UL;
    }

    private static ulong ReadWithoutMmu(ulong address)
    {
        ulong off = SctlrWithoutMmu(out ulong on);
        return Code.LoadWithoutMmuRoutine()(address, off, on);
    }

    private static void Execute(ulong address) => ((delegate*<void>)(void*)address)();

    private static void Attack(int index, Channel progress)
    {
        switch (index)
        {
            case 0: Use(*(ulong*)WitnessRam); break;
            case 1: *(ulong*)WitnessRam = 0xBAD; break;
            case 2: Use(*(ulong*)HypervisorImage); break;
            case 3: *(ulong*)HypervisorImage = 0xBAD; break;
            case 4: *(ulong*)(HypervisorReserved + 0x1000) = 0xBAD; break;
            case 5: { Channel.Open(WitnessToOthers, out Channel input); *(ulong*)input.Base = 0xBAD; break; }
            case 6: *(ulong*)FaulterReadOnly = 0xBAD; break;
            case 7: Execute(FaulterReadOnly); break;
            case 8: Execute(WitnessRam); break;
            case 9: Use(ReadWithoutMmu(BeyondIpa)); break;
            case 10: Use(ReadWithoutMmu(BeyondPa)); break;
            case 11: Use(ReadWithoutMmu(Above4G)); break;
            case 12: Use(Device.Read32(VirtioSlot1)); break;
            case 13: *(ulong*)HypervisorUart = 'X'; break;   // 32-bit accesses are the emulated console (docs/abi.md); the real UART is never reachable
            case 14: Use(Device.Read32(GicV3 ? GicIts : GicHypFrame)); break;
            case 15: Use(Device.Read32(GicV3 ? Gicr + 3 * GicrStride : GicVirtualFrame)); break;
            case 16: Use(Code.LoadPairRoutine()(Gicd + 0x100)); break;
            case 17: Code.WriteRoutine(A64.SysReg(2, 0, 0, 2, 2))(1UL << 15); break;   // MDSCR_EL1.MDE
            case 18: Code.WriteRoutine(A64.SysReg(2, 0, 0, 0, 4))(HypervisorImage); break; // DBGBVR0_EL1
            case 19: Code.WriteRoutine(A64.SysReg(2, 0, 1, 0, 4))(1); break;           // OSLAR_EL1
            case 20: Code.WriteRoutine(A64.SysReg(3, 3, 14, 2, 1))(1); break;          // CNTP_CTL_EL0
            case 21: Use(Code.ReadRoutine(A64.SysReg(3, 3, 14, 2, 0))()); break;       // CNTP_TVAL_EL0
            case 22: Code.WriteRoutine(A64.SysReg(3, 0, 1, 0, 1))(0); break;           // ACTLR_EL1
            case 23: Code.WriteRoutine(A64.IccSgi0r)(0xFFFF); break;
            case 24: TablesInWitnessRam(); break;
            case 25: Execute((ulong)Memory.AllocateZeroed(16)); break;                 // zero is UDF #0
            case 26: Calls.Hvc(Hypercall.FatalError, HypervisorImage, 64, 0); break;
            case 27: Calls.Hvc(Hypercall.FatalError, (ulong)Memory.AllocateZeroed(16), ~0UL, 0); break;
            case 28: Calls.Hvc(PsciFunction.SystemReset); break;
            case 29: Calls.Hvc(Hypercall.DomainRestart); break;
            case 30: Calls.Smc(PsciFunction.SystemReset); break;
            case 31: Calls.Hvc(PsciFunction.CpuOff); break;
        }
    }

    /// <summary>
    /// Its own stage-1 tables may point anywhere; stage 2 must stop the walk. The level-1 entry for
    /// 0xC0000000 (an unused 1 GiB slot) becomes a table descriptor into the witness's RAM; the
    /// load from that slot makes the walk read the witness: a stage-2 fault with S1PTW set.
    /// </summary>
    private static void TablesInWitnessRam()
    {
        ulong l0 = Code.ReadRoutine(A64.Ttbr0El1)() & TableAddressMask;
        ulong* l1 = (ulong*)(*(ulong*)l0 & TableAddressMask);
        l1[3] = WitnessRam | 3;                                                    // table descriptor
        Code.SysRoutine(0, 8, 7, 0)(0);                                            // TLBI VMALLE1
        Use(*(ulong*)0xC0000000UL);
    }

    private const ulong TableAddressMask = 0x0000FFFFFFFFF000UL;

    private static ulong s_sink;
    private static void Use(ulong value) => s_sink = value;
}
