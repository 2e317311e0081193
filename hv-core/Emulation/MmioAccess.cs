namespace Bulkhead.Core.Emulation
{
    /// <summary>
    /// One guest load or store to an emulated device register, decoded once by the backend (width,
    /// sign extension, register, write value, instruction length), so handlers never look at
    /// architecture syndromes. A handler reads <see cref="Offset"/>, <see cref="Size"/> and, for a
    /// store, <see cref="Value"/>; for a load it sets <see cref="Value"/> and the backend narrows and
    /// extends it into the register as the load instruction would.
    /// </summary>
    public struct MmioAccess
    {
        /// <summary>Register number meaning "no register" (AArch64 XZR/WZR): loads are discarded, stores write 0.</summary>
        public const int NoRegister = 31;

        public ulong Address;    // guest physical (intermediate physical on ARM64)
        public ulong Offset;     // from the start of the range that claimed the access (set by MmioTable)
        public uint Size;        // bytes: 1, 2, 4 or 8
        public bool Write;
        public ulong Value;      // store: the bytes stored, zero-extended; load: what the handler returns
        public bool SignExtend;  // load: sign-extend Size bytes
        public bool Register64;  // load: the destination holds 64 bits (otherwise the upper half is cleared)
        public int Register;     // general register the value comes from or goes to
        public uint Length;      // instruction length in bytes: how far the guest's PC advances

        /// <summary>True when the address is a multiple of the access size.</summary>
        public bool Aligned => (Address & (Size - 1)) == 0;

        /// <summary>The low <paramref name="size"/> bytes of <paramref name="value"/>.</summary>
        public static ulong Truncate(ulong value, uint size) => size >= 8 ? value : value & ((1UL << (int)(size * 8)) - 1);

        /// <summary>What a load puts into its destination register, given the handler's <see cref="Value"/>.</summary>
        public ulong Loaded
        {
            get
            {
                ulong value = Truncate(Value, Size);
                if (SignExtend && Size < 8 && (value & (1UL << (int)(Size * 8 - 1))) != 0) value |= ~0UL << (int)(Size * 8);
                return Register64 ? value : value & 0xFFFFFFFF;
            }
        }
    }
}
