using System.Runtime.CompilerServices;

namespace Bulkhead.Core.Sync
{
    /// <summary>
    /// A test-and-set lock for the few places several cores share (the console). Held only for
    /// a bounded, short time; never taken from code that could fault.
    /// </summary>
    public static unsafe class SpinLock<TArch> where TArch : struct, IArchitecture
    {
        public static void Enter(ref uint word)
        {
            uint* p = (uint*)Unsafe.AsPointer(ref word);
            while (TArch.AtomicSwap(p, 1) != 0) { }
        }

        public static void Exit(ref uint word) => TArch.StoreRelease((uint*)Unsafe.AsPointer(ref word), 0);
    }
}
