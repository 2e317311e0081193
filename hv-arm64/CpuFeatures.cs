using System.Runtime;
using System.Runtime.CompilerServices;
using static Bulkhead.Arm64.Registers;

namespace Bulkhead.Arm64
{
    /// <summary>
    /// What a guest sees of the CPU, one policy per feature (docs/abi.md "CPU features"):
    /// <list type="bullet">
    /// <item>Pointer authentication: passed through (HCR_EL2.API and APK, where the CPU has it). The
    /// keys are EL1 registers of a core that belongs to one vCPU for good, and the hypervisor signs nothing.</item>
    /// <item>SVE: passed through with the vector length limited to 128 bits (ZCR_EL2.LEN = 0), so the
    /// Z registers are the V registers the hypervisor's exception entry saves and restores (q0-q31);
    /// predicates and FFR are never touched at EL2.</item>
    /// <item>SME, MTE, GCS, MPAM, NMI, nested virtualization, memory copy/set and the HCRX-controlled
    /// extensions (TCR2, S1PIE, S1POE, LS64, 128-bit system registers), the statistical profiling
    /// and trace units: hidden. HCR_EL2.TID3 traps every ID register read, answered with the
    /// hardware's value and these fields cleared. SME stays trapped (CPTR_EL2.TSM), MTE's
    /// registers stay trapped (HCR_EL2.ATA clear): a guest that uses them anyway gets a contained fault.</item>
    /// </list>
    /// </summary>
    internal static unsafe class CpuFeatures
    {
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "arm64_read_id_register")]
        private static extern ulong ReadIdRegister(ulong index);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "arm64_write_cptr")]
        private static extern void WriteCptr(ulong value);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "arm64_write_zcr")]
        private static extern void WriteZcr(ulong value);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "arm64_read_id_aa64pfr0")]
        private static extern ulong ReadPfr0();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "arm64_read_id_aa64isar1")]
        private static extern ulong ReadIsar1();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "arm64_read_id_aa64isar2")]
        private static extern ulong ReadIsar2();

        // ID registers by CRm << 3 | op2 (op0 = 3, op1 = 0, CRn = 0).
        private const ulong Pfr0 = 0x20, Pfr1 = 0x21, Pfr2 = 0x22, Smfr0 = 0x25, Dfr0 = 0x28, Dfr1 = 0x29;
        private const ulong Isar1 = 0x31, Isar2 = 0x32, Mmfr2 = 0x3A, Mmfr3 = 0x3B, Mmfr4 = 0x3C;
        private const ulong Field = 0xF;

        /// <summary>Rows of (ID register, the fields a guest sees as zero). Registers not listed are shown as they are.</summary>
        private static readonly ulong[] s_hidden =
        {
            Pfr0, Field << 36 | Field << 40 | Field << 52,                       // SEL2, MPAM, RME
            Pfr1, ~(Field << 0 | Field << 4 | Field << 12 | Field << 32),        // all but BT, SSBS, RAS_frac, CSV2_frac (SME, MTE, GCS, NMI ...)
            Pfr2, ~0UL,                                                          // MTE extensions
            Smfr0, ~0UL,                                                         // SME
            Dfr0, ~(Field << 0 | Field << 8 | Field << 12 | Field << 20 | Field << 28 | Field << 36), // all but DebugVer, PMUVer, BRPs, WRPs, CTX_CMPs, DoubleLock
            Dfr1, ~0UL,
            Isar1, Field << 60,                                                  // LS64
            Isar2, Field << 16 | Field << 32,                                    // MOPS, SYSREG_128
            Mmfr2, Field << 24,                                                  // NV
            Mmfr3, ~0UL,                                                         // TCRX, SCTLRX, S1PIE, S1POE ... (HCRX-controlled)
            Mmfr4, ~0UL,
        };

        private const int SveShift = 32, ApaShift = 4, ApiShift = 8, GpaShift = 24, GpiShift = 28, Apa3Shift = 12, Gpa3Shift = 8;
        private static ulong s_guestHcr;

        /// <summary>HCR_EL2 for a running guest on this CPU: the fixed controls, TID3, and PAuth where the CPU has it.</summary>
        public static ulong GuestHcr => s_guestHcr;

        /// <summary>Once per core, before its first guest: the feature traps and the SVE vector length limit.</summary>
        public static void PrepareCore()
        {
            ulong isar1 = ReadIsar1(), isar2 = ReadIsar2();
            bool pauth = Has(isar1, ApaShift) || Has(isar1, ApiShift) || Has(isar1, GpaShift) || Has(isar1, GpiShift)
                || Has(isar2, Apa3Shift) || Has(isar2, Gpa3Shift);
            s_guestHcr = HcrGuest | HcrTid3 | (pauth ? HcrApi | HcrApk : 0);
            if (Has(ReadPfr0(), SveShift))
            {
                WriteCptr(CptrGuest & ~CptrTz);   // SVE reaches EL1 (CPACR_EL1.ZEN is the guest's) ...
                WriteZcr(0);                      // ... at 128 bits: LEN = 0
            }
            _ = Hidden(0);                        // the table exists before the first trap (nothing is allocated after boot)
        }

        /// <summary>A trapped read of the ID register CRm <paramref name="crm"/>, op2 <paramref name="op2"/>: the hardware's value with hidden features cleared.</summary>
        public static ulong GuestView(uint crm, uint op2)
        {
            ulong index = (ulong)(crm << 3 | op2);
            return ReadIdRegister(index) & ~Hidden(index);
        }

        private static ulong Hidden(ulong index)
        {
            for (int i = 0; i < s_hidden.Length; i += 2)
                if (s_hidden[i] == index) return s_hidden[i + 1];
            return 0;
        }

        private static bool Has(ulong register, int shift) => ((register >> shift) & Field) != 0;
    }
}
