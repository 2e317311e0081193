// Test guest of tests/Bulkhead.Tests/CpuFeaturesTests.cs, run on QEMU's `-cpu max`: reads the ID
// registers (trapped by HCR_EL2.TID3, answered by hv-arm64/CpuFeatures.cs) and checks the policy
// of docs/abi.md — SVE and pointer authentication shown and usable (SVE at 128 bits), SME and MTE
// hidden — switches debug off the way Linux does at boot, probes SMCCC/PSCI the way Linux does,
// and prints "PASS <name>" or "FAIL <name>: why" for each. Last it reads an SME register anyway,
// which must stop it (a contained fault naming the exception class).
using Bulkhead.Guest;

public static unsafe class Program
{
    private static uint* s_code;
    private static int s_used;

    public static void Main()
    {
        ulong raw = (ulong)Memory.AllocateZeroed(16384 + 4096);
        s_code = (uint*)((raw + 4095) & ~4095UL);

        ulong pfr0 = Mrs(3, 0, 0, 4, 0), pfr1 = Mrs(3, 0, 0, 4, 1), smfr0 = Mrs(3, 0, 0, 4, 5);
        ulong isar1 = Mrs(3, 0, 0, 6, 1), isar2 = Mrs(3, 0, 0, 6, 2), mmfr3 = Mrs(3, 0, 0, 7, 3);
        Check("id-sme-hidden", Field(pfr1, 24) == 0 && smfr0 == 0, Hex("ID_AA64PFR1_EL1", pfr1, "ID_AA64SMFR0_EL1", smfr0));
        Check("id-mte-hidden", Field(pfr1, 8) == 0 && Field(pfr1, 40) == 0 && Mrs(3, 0, 0, 4, 2) == 0, Hex("ID_AA64PFR1_EL1", pfr1, "", 0));
        Check("id-hcrx-features-hidden", mmfr3 == 0 && Field(isar2, 16) == 0, Hex("ID_AA64MMFR3_EL1", mmfr3, "ID_AA64ISAR2_EL1", isar2));
        Check("id-sve-shown", Field(pfr0, 32) != 0, Hex("ID_AA64PFR0_EL1", pfr0, "", 0));
        bool pauth = Field(isar1, 4) != 0 || Field(isar1, 8) != 0 || Field(isar2, 12) != 0;
        Check("id-pauth-shown", pauth, Hex("ID_AA64ISAR1_EL1", isar1, "ID_AA64ISAR2_EL1", isar2));

        Sve();
        if (pauth) PointerAuthentication();
        DebugOffLikeLinux();

        long smccc = Hvc(0x80000000, 0), psci = Hvc(0x84000000, 0);
        long features = Hvc(0x8400000A, 0x80000000), workaround = Hvc(0x80000001, 0x80008000);
        Check("smccc-and-psci-1.1", smccc == 0x10001 && psci == 0x10001 && features == 0 && workaround == -1,
            string.Concat("SMCCC_VERSION 0x", smccc.ToString("x"), ", PSCI_VERSION 0x", psci.ToString("x"), ", FEATURES ", features.ToString(), ", WORKAROUND_1 ", workaround.ToString()));

        Console.WriteLine("touching SME");
        Mrs(3, 3, 4, 2, 2); // SVCR: SME stays trapped (CPTR_EL2.TSM)
        Console.WriteLine("FAIL sme-trapped: SVCR read returned");
        Domain.PowerOff();
    }

    /// <summary>SVE at EL1: enabled through CPACR_EL1.ZEN; whatever ZCR_EL1 asks, the vector length is 128 bits.</summary>
    private static void Sve()
    {
        ulong cpacr = Mrs(3, 0, 1, 0, 2);
        Msr(3, 0, 1, 0, 2, cpacr | (3UL << 16) | (3UL << 20) | (3UL << 24)); // ZEN, FPEN, SMEN (so SME reaches the EL2 trap)
        Msr(3, 0, 1, 2, 0, 0xF);                                 // ZCR_EL1.LEN: the largest the guest could ask for
        uint* start = Begin();
        Emit(0x04BF5020);                                       // rdvl x0, #1
        Emit(0xD65F03C0);                                       // ret
        ulong bytes = ((delegate*<ulong>)start)();
        Check("sve-vector-length-128", bytes == 16, string.Concat("RDVL #1 = ", bytes.ToString()));
    }

    /// <summary>PACIA/AUTIA with a key of our own (SCTLR_EL1.EnIA on): signing changes the pointer, authenticating restores it.</summary>
    private static void PointerAuthentication()
    {
        Msr(3, 0, 2, 1, 0, 0x0123456789ABCDEFUL);               // APIAKeyLo_EL1
        Msr(3, 0, 2, 1, 1, 0xFEDCBA9876543210UL);               // APIAKeyHi_EL1
        Msr(3, 0, 1, 0, 0, Mrs(3, 0, 1, 0, 0) | (1UL << 31));   // SCTLR_EL1.EnIA
        uint* sign = Begin();
        Emit(0xDAC10020);                                       // pacia x0, x1
        Emit(0xD65F03C0);
        uint* auth = Begin();
        Emit(0xDAC11020);                                       // autia x0, x1
        Emit(0xD65F03C0);
        const ulong Pointer = 0x44001000;
        ulong signed = ((delegate*<ulong, ulong, ulong>)sign)(Pointer, 42);
        ulong back = ((delegate*<ulong, ulong, ulong>)auth)(signed, 42);
        Check("pauth-works", signed != Pointer && back == Pointer, string.Concat("signed 0x", signed.ToString("x"), ", authenticated 0x", back.ToString("x")));
    }

    /// <summary>What Linux writes at boot (__cpu_setup, hw_breakpoint_reset, clear_os_lock): all accepted, nothing enabled.</summary>
    private static void DebugOffLikeLinux()
    {
        Msr(2, 0, 0, 2, 2, 1UL << 12);                          // MDSCR_EL1 = TDCC
        Msr(2, 0, 1, 0, 4, 0);                                  // OSLAR_EL1: unlock
        for (uint n = 0; n < 2; n++)
            for (uint op2 = 4; op2 < 8; op2++) Msr(2, 0, 0, n, op2, 0); // DBGBVR/BCR/WVR/WCR<n>
        Msr(2, 0, 1, 3, 4, 0);                                  // OSDLR_EL1
        ulong oslsr = Mrs(2, 0, 1, 1, 4), mdscr = Mrs(2, 0, 0, 2, 2);
        Check("debug-off-like-linux", oslsr == 0x8 && mdscr == 0, Hex("OSLSR_EL1", oslsr, "MDSCR_EL1", mdscr));
    }

    /// <summary>An SMCCC call through HVC, as Linux makes it: x0 = function id, x1 = argument; x0 = result.</summary>
    private static long Hvc(ulong function, ulong argument)
    {
        uint* start = Begin();
        Emit(0xD4000002);                                       // hvc #0
        Emit(0xD65F03C0);
        return ((delegate*<ulong, ulong, long>)start)(function, argument);
    }

    private static ulong Field(ulong register, int shift) => (register >> shift) & 0xF;

    private static uint SysReg(uint op0, uint op1, uint crn, uint crm, uint op2) => (op0 << 19) | (op1 << 16) | (crn << 12) | (crm << 8) | (op2 << 5);

    private static ulong Mrs(uint op0, uint op1, uint crn, uint crm, uint op2)
    {
        uint* start = Begin();
        Emit(0xD5200000u | SysReg(op0, op1, crn, crm, op2));   // mrs x0, <reg>
        Emit(0xD65F03C0);
        return ((delegate*<ulong>)start)();
    }

    private static void Msr(uint op0, uint op1, uint crn, uint crm, uint op2, ulong value)
    {
        uint* start = Begin();
        Emit(0xD5000000u | SysReg(op0, op1, crn, crm, op2));   // msr <reg>, x0
        Emit(0xD5033FDF);                                       // isb
        Emit(0xD65F03C0);
        ((delegate*<ulong, void>)start)(value);
    }

    /// <summary>A fresh routine in the code page (QEMU's TCG notices code written to memory: this guest is for the emulator).</summary>
    private static uint* Begin()
    {
        if (s_used + 8 > 4096) s_used = 0;
        return s_code + s_used;
    }

    private static void Emit(uint instruction) => s_code[s_used++] = instruction;

    private static string Hex(string name, ulong value, string other, ulong otherValue) =>
        string.Concat(name, " 0x", value.ToString("x"), other.Length == 0 ? "" : string.Concat(", ", other, " 0x", otherValue.ToString("x")));

    private static void Check(string name, bool passed, string detail) =>
        Console.WriteLine(passed ? string.Concat("PASS ", name) : string.Concat("FAIL ", name, ": ", detail));
}
