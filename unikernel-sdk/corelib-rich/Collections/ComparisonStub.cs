// TEMPORARY (text branch): the delegate type List<T>.Sort(Comparison<T>) takes. The dispatch branch
// owns the delegate types (corelib-rich/Delegates); delete this file when merging it.
namespace System
{
    public delegate int Comparison<in T>(T x, T y);
}
