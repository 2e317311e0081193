using Bulkhead.Runtime;

namespace Bulkhead.Guest
{
    /// <summary>Raw memory from the domain's heap (for tables sized at initialization).</summary>
    public static unsafe class Memory
    {
        public static void* AllocateZeroed(uint bytes) => Heap.AllocateRaw(bytes);
    }
}
