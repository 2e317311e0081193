using System;
using System.Runtime.CompilerServices;

namespace Bulkhead.Runtime.Exceptions
{
    /// <summary>
    /// Type names at run time without metadata: the build links a table (__eh_type_names, generated
    /// from ILCompiler's map after compilation: tools/Bulkhead.Build/TypeNameTable.cs) of
    /// { MethodTable*, NUL-terminated full name } rows after a row count.
    /// </summary>
    internal static unsafe class ExceptionTypeNames
    {
        public static string FullName(object value) => OfMethodTable(*(void**)*(void**)Unsafe.AsPointer(ref value));

        /// <summary>The full name of the type whose MethodTable is <paramref name="type"/> ("&lt;type 0x...&gt;" when the table lacks it, e.g. generic instantiations).</summary>
        public static string OfMethodTable(void* type)
        {
            EhRuntime.EnsureReady();
            ulong* table = (ulong*)EhRuntime.TypeNames;
            if (table != null)
            {
                ulong count = table[0];
                for (ulong i = 0; i < count; i++)
                {
                    if ((void*)table[1 + 2 * i] != type) continue;
                    byte* name = (byte*)table[2 + 2 * i];
                    int length = 0;
                    while (name[length] != 0) length++;
                    return string.FromAscii(name, length);
                }
            }
            return string.Concat("<type 0x", ((ulong)type).ToString("x"), ">");
        }
    }
}
