namespace System
{
    /// <summary>
    /// What csc's iterator (yield return) classes need besides the enumerator interfaces: the current
    /// thread's id (GetEnumerator hands out the iterator object itself, once, to the thread that created
    /// it) and System.NotSupportedException for Reset (corelib-rich/Exceptions). One id for every vCPU:
    /// an iterator object must not be enumerated from two vCPUs at once (as on .NET, where that is a
    /// data race too), and a fresh iterator first enumerated on another vCPU is still correct.
    /// </summary>
    public static partial class Environment
    {
        public static int CurrentManagedThreadId => 1;
    }
}
