// Comparer<T>.Default: primitives and strings (ordinal: there is no culture data) are compared
// directly; other types go through IComparable<T>/IComparable, which needs the rich profile's
// interface dispatch (corelib-rich/Dispatch).
using System.Runtime.CompilerServices;

namespace System.Collections.Generic
{
    public abstract class Comparer<T> : IComparer<T>
    {
        private static Comparer<T>? s_default;

        public static Comparer<T> Default => s_default ??= new DefaultComparer<T>();

        public abstract int Compare(T? x, T? y);
    }

    internal sealed class DefaultComparer<T> : Comparer<T>
    {
        public override int Compare(T? x, T? y)
        {
            if (typeof(T) == typeof(int)) return Unsafe.As<T?, int>(ref x).CompareTo(Unsafe.As<T?, int>(ref y));
            if (typeof(T) == typeof(long)) return Unsafe.As<T?, long>(ref x).CompareTo(Unsafe.As<T?, long>(ref y));
            if (typeof(T) == typeof(uint)) return Unsafe.As<T?, uint>(ref x).CompareTo(Unsafe.As<T?, uint>(ref y));
            if (typeof(T) == typeof(ulong)) return Unsafe.As<T?, ulong>(ref x).CompareTo(Unsafe.As<T?, ulong>(ref y));
            if (typeof(T) == typeof(double)) return Unsafe.As<T?, double>(ref x).CompareTo(Unsafe.As<T?, double>(ref y));
            if (typeof(T) == typeof(float)) return Unsafe.As<T?, float>(ref x).CompareTo(Unsafe.As<T?, float>(ref y));
            if (typeof(T) == typeof(char)) return Unsafe.As<T?, char>(ref x).CompareTo(Unsafe.As<T?, char>(ref y));
            if (typeof(T) == typeof(short)) return Unsafe.As<T?, short>(ref x).CompareTo(Unsafe.As<T?, short>(ref y));
            if (typeof(T) == typeof(byte)) return Unsafe.As<T?, byte>(ref x).CompareTo(Unsafe.As<T?, byte>(ref y));
            if (typeof(T) == typeof(string)) return string.CompareOrdinal(Unsafe.As<string?>(x), Unsafe.As<string?>(y));
            if (x == null) return y == null ? 0 : -1;
            if (y == null) return 1;
            // Interface calls: these run once the dispatch work is merged.
            if (x is IComparable<T> typed) return typed.CompareTo(y);
            if (x is IComparable untyped) return untyped.CompareTo(y);
            return 0;
        }
    }

    /// <summary>Adapts a Comparison&lt;T&gt; delegate (needs the rich profile's delegates).</summary>
    internal sealed class ComparisonComparer<T> : Comparer<T>
    {
        private readonly Comparison<T> _comparison;
        public ComparisonComparer(Comparison<T> comparison) { _comparison = comparison; }
        public override int Compare(T? x, T? y) => _comparison(x!, y!);
    }
}
