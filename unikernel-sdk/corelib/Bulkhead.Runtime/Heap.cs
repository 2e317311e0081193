using System;
using System.Runtime;
using System.Runtime.CompilerServices;
using Internal.Runtime;

namespace Bulkhead.Runtime
{
    /// <summary>
    /// The bump allocator behind `new`. Memory is never freed: the hypervisor allocates only while it
    /// boots, guests during initialization. Each object is preceded by an 8-byte header word (the
    /// NativeAOT object layout) and aligned to 8 bytes.
    /// </summary>
    public static unsafe class Heap
    {
        private static ulong s_next;
        private static ulong s_end;
        private static ulong s_start;

        public static void Initialize(ulong start, ulong end)
        {
            s_start = (start + 7) & ~7UL;
            s_next = s_start;
            s_end = end;
        }

        public static ulong Used => s_next - s_start;
        public static ulong Free => s_end - s_next;
#if BULKHEAD_RICH
        // The rich profile's collector scans the bump heap as a root range (corelib-rich/Gc).
        internal static ulong Start => s_start;
        internal static ulong Next => System.Threading.Volatile.Read(ref s_next);

        /// <summary>
        /// Memory NOT zeroed (the collector's heap: it zeroes each cell it hands out). Zeroing 14 MiB
        /// at start-up is millions of instructions: on Bochs's four shared CPUs it outlasted a 300 ms watchdog.
        /// </summary>
        internal static void* ReserveAligned(ulong size, ulong alignment) => Claim(size, alignment);
#endif

        /// <summary>Zeroed, 16-byte aligned memory that is not an object (tables, buffers).</summary>
        public static void* AllocateRaw(ulong size) => AllocateAligned(size, 16);

        /// <summary>Zeroed memory aligned to <paramref name="alignment"/> (a power of two), e.g. page tables.</summary>
        public static void* AllocateAligned(ulong size, ulong alignment) => Take(size, alignment);

        /// <summary>Zeroed memory for an object of <paramref name="size"/> bytes (header word included).</summary>
        internal static byte* AllocateObject(ulong size)
        {
            return Take(size, 8) + 8; // object references point past the header word, at the MethodTable pointer
        }

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "bh_atomic_cas64")]
        private static extern ulong CompareAndSwap(ulong* location, ulong expected, ulong desired);

        /// <summary>
        /// Claims the next block with a compare-and-swap: a guest's vCPUs allocate at the same time
        /// (string concatenation in console output is enough), and must never get the same memory.
        /// </summary>
        private static byte* Take(ulong size, ulong alignment)
        {
            byte* block = Claim(size, alignment);
            for (ulong i = 0; i < ((size + 7) & ~7UL); i += 8) *(ulong*)(block + i) = 0;
            return block;
        }

        private static byte* Claim(ulong size, ulong alignment)
        {
            size = (size + 7) & ~7UL;
            ulong* next = (ulong*)Unsafe.AsPointer(ref s_next);
            ulong block;
            while (true)
            {
                ulong current = System.Threading.Volatile.Read(ref *next);
                block = (current + alignment - 1) & ~(alignment - 1);
                if (current == 0 || block < current || block > s_end || size > s_end - block)
                    RuntimeFailure.OutOfMemory(size);
                if (CompareAndSwap(next, current, block + size) != 0) break;
            }
            return (byte*)block;
        }

#if BULKHEAD_RICH
        // A rich guest's `new` goes to the garbage-collected heap (corelib-rich/Gc/GcAllocation.cs).
        internal static object NewObject(MethodTable* type) => GcHeap.NewObject(type);
        internal static object NewArray(MethodTable* type, int length) => GcHeap.NewArray(type, length);
#else
        [RuntimeExport("RhpNewFast")]
        internal static object NewObject(MethodTable* type)
        {
            byte* obj = AllocateObject(type->BaseSize);
            *(MethodTable**)obj = type;
            return RuntimeHelpers.ObjectAt(obj);
        }

        [RuntimeExport("RhpNewFinalizable")]
        internal static object NewFinalizable(MethodTable* type) => NewObject(type);

        [RuntimeExport("RhpNewArray")]
        internal static object NewArray(MethodTable* type, int length)
        {
            if (length < 0) RuntimeFailure.Overflow();
            byte* obj = AllocateObject(type->BaseSize + (ulong)type->ComponentSize * (ulong)length);
            *(MethodTable**)obj = type;
            *(int*)(obj + 8) = length;
            return RuntimeHelpers.ObjectAt(obj);
        }

        [RuntimeExport("RhpNewArrayFast")]
        internal static object NewArrayFast(MethodTable* type, int length) => NewArray(type, length);

        [RuntimeExport("RhpNewPtrArrayFast")]
        internal static object NewPointerArray(MethodTable* type, int length) => NewArray(type, length);
#endif
    }
}
