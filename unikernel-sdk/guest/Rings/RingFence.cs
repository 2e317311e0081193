using Bulkhead.Guest.Platform;

namespace Bulkhead.Guest
{
    /// <summary>
    /// The full barrier of the ring protocol (store then load ordered: `dmb ish` on ARM64, `mfence`
    /// on x86-64). Acquire and release come from System.Threading.Volatile. Host tests compile their
    /// own RingFence over Interlocked.MemoryBarrier.
    /// </summary>
    internal static class RingFence
    {
        public static void Full() => Cpu.MemoryBarrier();
    }
}
