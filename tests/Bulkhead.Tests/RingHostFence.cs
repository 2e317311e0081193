namespace Bulkhead.Guest;

/// <summary>The host's full barrier for the ring code compiled into this assembly (the guest uses dmb ish / mfence).</summary>
internal static class RingFence
{
    public static void Full() => Interlocked.MemoryBarrier();
}
