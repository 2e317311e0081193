using Bulkhead.Core.Emulation;

namespace Bulkhead.Arm64
{
    /// <summary>
    /// The syndrome of a data abort from a lower level (ESR_EL2: IL and ISS, ARM ARM D17.2.40), decoded once into
    /// what an emulated register needs, and the words of the fault line when nothing emulates it.
    /// Pure functions: also compiled into the host tests.
    /// </summary>
    internal static class DataAbortSyndrome
    {
        public const int IlBit = 25;          // instruction length: 1 = 32-bit
        public const int IsvBit = 24;         // the fields below are valid (a single load/store)
        public const int SasShift = 22;       // access size: 1 << SAS bytes
        public const int SseBit = 21;         // sign-extend a load
        public const int SrtShift = 16;       // register
        public const int SfBit = 15;          // 64-bit register
        public const int S1ptwBit = 7;        // the fault happened during the guest's stage-1 table walk
        public const int WnrBit = 6;          // write, not read

        /// <summary>True when the hardware describes the access well enough to emulate it (ISV).</summary>
        public static bool CanEmulate(ulong esr) => Bit(esr, IsvBit) && !Bit(esr, S1ptwBit);

        /// <summary>Decodes a load or store to <paramref name="address"/>; <paramref name="registers"/> is the guest's x0-x30.</summary>
        public static unsafe MmioAccess Decode(ulong esr, ulong address, ulong* registers)
        {
            MmioAccess access = default;
            access.Address = address;
            access.Size = 1u << (int)((esr >> SasShift) & 3);
            access.Write = Bit(esr, WnrBit);
            access.SignExtend = Bit(esr, SseBit);
            access.Register64 = Bit(esr, SfBit);
            access.Register = (int)((esr >> SrtShift) & 0x1F);
            access.Length = Bit(esr, IlBit) ? 4u : 2u;
            if (access.Write && access.Register != MmioAccess.NoRegister)
                access.Value = MmioAccess.Truncate(registers[access.Register], access.Size);
            return access;
        }

        /// <summary>The cause in the fault line of an abort nothing emulates.</summary>
        public static string Cause(ulong esr)
        {
            if (Bit(esr, S1ptwBit)) return "stage-2 fault during the guest's stage-1 table walk";
            return Bit(esr, WnrBit) ? "stage-2 fault on write" : "stage-2 fault on read";
        }

        private static bool Bit(ulong esr, int bit) => (esr & (1UL << bit)) != 0;
    }
}
