using System.Runtime;
using System.Runtime.CompilerServices;

namespace System.Threading
{
    /// <summary>
    /// The compare-exchange csc needs for field-like events (add/remove loop on it; without it csc
    /// marks the accessors [Synchronized], which needs monitors). Partial: other rich-profile parts may
    /// add members.
    /// </summary>
    public static unsafe partial class Interlocked
    {
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "bh_atomic_cas64")]
        private static extern ulong CompareAndSwap(ulong* location, ulong expected, ulong desired);

        /// <summary>Stores <paramref name="value"/> if <paramref name="location"/> holds <paramref name="comparand"/>; returns what it held.</summary>
        public static T CompareExchange<T>(ref T location, T value, T comparand) where T : class?
        {
            ulong* address = (ulong*)Unsafe.AsPointer(ref location);
            ulong expected = (ulong)Unsafe.As<T, IntPtr>(ref comparand), desired = (ulong)Unsafe.As<T, IntPtr>(ref value);
            while (true)
            {
                if (CompareAndSwap(address, expected, desired) != 0) return comparand;
                ulong current = Volatile.Read(ref *address);
                if (current != expected) return Unsafe.As<ulong, T>(ref current);
            }
        }
    }
}
