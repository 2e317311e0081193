using System.Runtime.CompilerServices;
using Bulkhead.Runtime;

namespace System
{
    /// <summary>
    /// The garbage collector's public face in a rich guest (Bulkhead.Runtime.GcHeap). One generation;
    /// no finalizers (SuppressFinalize and ReRegisterForFinalize do nothing, finalizers never run).
    /// </summary>
    public static class GC
    {
        public static int MaxGeneration => 0;

        public static void Collect() => GcHeap.CollectNow();

        public static void Collect(int generation) => GcHeap.CollectNow();

        /// <summary>Bytes in allocated objects; after a full collection when <paramref name="forceFullCollection"/>.</summary>
        public static long GetTotalMemory(bool forceFullCollection)
        {
            if (forceFullCollection) GcHeap.CollectNow();
            return GcHeap.InUse;
        }

        /// <summary>Collections so far (every collection is full, so the same for each generation).</summary>
        public static int CollectionCount(int generation) => generation < 0 ? 0 : GcHeap.Collections;

        /// <summary>Keeps <paramref name="obj"/> reachable until here (stacks are scanned conservatively: passing it is enough).</summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        public static void KeepAlive(object? obj) { }

        public static void SuppressFinalize(object obj) { }

        public static void ReRegisterForFinalize(object obj) { }
    }
}
