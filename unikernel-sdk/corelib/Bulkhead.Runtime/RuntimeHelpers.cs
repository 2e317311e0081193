using System;
using System.Runtime.CompilerServices;
using Internal.Runtime;

namespace Bulkhead.Runtime
{
    internal static unsafe class RuntimeHelpers
    {
        /// <summary>The address of an object (its MethodTable pointer word).</summary>
        public static byte* AddressOf(object o) => *(byte**)Unsafe.AsPointer(ref o);

        /// <summary>The object whose MethodTable pointer word is at <paramref name="address"/>.</summary>
        public static object ObjectAt(byte* address) => Unsafe.As<IntPtr, object>(ref *(IntPtr*)&address);

        public static MethodTable* MethodTableOf(object o) => *(MethodTable**)AddressOf(o);

        public static object AllocateArrayOf(MethodTable* type, int length) => Heap.NewArray(type, length);
    }
}
