namespace Bulkhead.Arm64
{
    /// <summary>
    /// Debug registers under MDCR_EL2.TDA/TDOSA (every access traps): a guest may not debug — no
    /// breakpoint, watchpoint, single step or OS lock that could outlive it or stall its core — but
    /// it may do what an OS does at boot to switch debug off: write zero (or a disabled control)
    /// to MDSCR_EL1, the breakpoint and watchpoint registers, OSLAR_EL1 (unlock) and OSDLR_EL1.
    /// Those writes are ignored and the registers read as zero (OSLSR_EL1: OS lock implemented,
    /// unlocked). A write that would enable anything is a contained fault, as is every other
    /// debug register.
    /// </summary>
    internal static class DebugRegisters
    {
        private const ulong MdscrEnables = 1UL << 0 | 1UL << 13 | 1UL << 15;  // SS, KDE, MDE
        private const ulong ControlEnable = 1;                                // DBGBCR/DBGWCR.E
        private const ulong OslsrImplementedUnlocked = 1UL << 3;              // OSLM = 0b10, OSLK = 0

        /// <summary>An access in the op0 = 2 space; false when it must be a fault.</summary>
        /// <param name="value">for a write the value written; for a read what the guest gets</param>
        public static bool Emulate(uint op1, uint crn, uint crm, uint op2, bool read, ref ulong value)
        {
            if (op1 != 0) return false;
            ulong written = value;
            value = 0;
            if (crn == 0 && op2 >= 4)           // DBGBVR<n> (4), DBGBCR<n> (5), DBGWVR<n> (6), DBGWCR<n> (7)
                return read || (op2 == 5 || op2 == 7 ? (written & ControlEnable) == 0 : written == 0);
            if (crn == 0 && crm == 2 && op2 == 2) return read || (written & MdscrEnables) == 0;  // MDSCR_EL1
            if (crn == 0 && crm == 2 && op2 == 0) return read || written == 0;                   // MDCCINT_EL1
            if (crn == 1 && crm == 0 && op2 == 4) return !read && written == 0;                  // OSLAR_EL1: unlock only
            if (crn == 1 && crm == 1 && op2 == 4)                                                // OSLSR_EL1
            {
                value = OslsrImplementedUnlocked;
                return read;
            }
            if (crn == 1 && crm == 3 && op2 == 4) return read || written == 0;                   // OSDLR_EL1
            return false;
        }
    }
}
