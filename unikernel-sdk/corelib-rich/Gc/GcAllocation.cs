using System.Runtime;
using Internal.Runtime;

namespace Bulkhead.Runtime
{
    /// <summary>
    /// The allocation helpers ILCompiler calls for `new` in a rich guest (the strict profile's are in
    /// Heap.cs). Before GcHeap starts (GuestEntry.Main: module statics, runtime tables) they use the
    /// bump heap; those objects are permanent.
    /// </summary>
    public static unsafe partial class GcHeap
    {
        private static byte* AllocateObject(ulong size, MethodTable* type, int length, bool hasLength)
        {
            if (s_base != 0) return Allocate(size, type, length, hasLength);
            byte* obj = Heap.AllocateObject(size);
            *(MethodTable**)obj = type;
            if (hasLength) *(int*)(obj + 8) = length;
            return obj;
        }

        [RuntimeExport("RhpNewFast")]
        internal static object NewObject(MethodTable* type)
        {
            byte* obj = AllocateObject(type->BaseSize, type, 0, false);
            return RuntimeHelpers.ObjectAt(obj);
        }

        [RuntimeExport("RhpNewFinalizable")]
        internal static object NewFinalizable(MethodTable* type) => NewObject(type); // no finalizers: never run

        [RuntimeExport("RhpNewArray")]
        internal static object NewArray(MethodTable* type, int length)
        {
            if (length < 0) RuntimeFailure.Overflow();
            ulong size = type->BaseSize + (ulong)type->ComponentSize * (ulong)length;
            if (size > (1UL << 40)) RuntimeFailure.OutOfMemory(size);
            byte* obj = AllocateObject(size, type, length, true);
            return RuntimeHelpers.ObjectAt(obj);
        }

        [RuntimeExport("RhpNewArrayFast")]
        internal static object NewArrayFast(MethodTable* type, int length) => NewArray(type, length);

        [RuntimeExport("RhpNewPtrArrayFast")]
        internal static object NewPointerArray(MethodTable* type, int length) => NewArray(type, length);
    }
}
