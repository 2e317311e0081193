using System;
using System.Threading;
namespace Bulkhead.Guest
{
    /// <summary>The ring protocol's full barrier on the host (the guest's is `dmb ish` / `mfence`).</summary>
    internal static class RingFence
    {
        public static void Full() => Interlocked.MemoryBarrier();
    }
}
