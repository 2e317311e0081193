using System.Runtime;
using System.Runtime.CompilerServices;

namespace Bulkhead.Guest.Platform
{
    /// <summary>
    /// The per-domain half of the generated GuestConfig (and NetworkClients, ConsoleClients,
    /// ManagementDomains): a table of 64-bit words the build links into each image
    /// (guest-config.S, tools/Bulkhead.Build GuestBuild.GuestConfigAsm) instead of compiling the
    /// values in, so domains running the same service on the same board share one compilation.
    /// The generated members know their slots; a string is a string object in the image's .data.
    /// </summary>
    internal static unsafe class LinkedConfig
    {
        /// <summary>The table's address (guest-config.S: a direct call to three instructions).</summary>
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "guest_config")]
        private static extern ulong* Table();

        /// <summary>The word in slot <paramref name="slot"/> (a signed value sign-extended to 64 bits).</summary>
        public static ulong Word(int slot) => Table()[slot];

        /// <summary>Word <paramref name="index"/> of the table whose address is in slot <paramref name="slot"/> (rows of cells, the caller checks the index).</summary>
        public static ulong Cell(int slot, int index) => ((ulong*)Table()[slot])[index];

        /// <summary>The string whose address is in slot <paramref name="slot"/> ("" for 0).</summary>
        public static string Text(int slot) => StringAt(Table()[slot]);

        /// <summary>The string whose address is cell <paramref name="index"/> of a table.</summary>
        public static string CellText(int slot, int index) => StringAt(Cell(slot, index));

        /// <summary>
        /// The build lays a string out as the compiler does (header, MethodTable slot, length, UTF-16,
        /// terminator) but cannot name String's MethodTable: it is stored here, the same value every
        /// time (vCPUs racing write the same word), so no string is ever copied or allocated.
        /// </summary>
        private static string StringAt(ulong address)
        {
            if (address == 0) return "";
            *(ulong*)address = *(ulong*)Bulkhead.Runtime.RuntimeHelpers.AddressOf("");
            return Unsafe.As<string>(Bulkhead.Runtime.RuntimeHelpers.ObjectAt((byte*)address));
        }
    }
}
