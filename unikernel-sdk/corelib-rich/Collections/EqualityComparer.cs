// EqualityComparer<T>.Default without interface dispatch: primitives and strings are recognised by
// typeof(T) comparisons ILCompiler folds per instantiation; everything else uses the virtual
// object.Equals/GetHashCode (records and classes override them; boxed structs call their override).
using System.Runtime.CompilerServices;

namespace System.Collections.Generic
{
    public abstract class EqualityComparer<T> : IEqualityComparer<T>
    {
        private static EqualityComparer<T>? s_default;

        public static EqualityComparer<T> Default => s_default ??= new DefaultEqualityComparer<T>();

        public abstract bool Equals(T? x, T? y);
        public abstract int GetHashCode(T obj);
    }

    internal sealed class DefaultEqualityComparer<T> : EqualityComparer<T>
    {
        public override bool Equals(T? x, T? y)
        {
            if (typeof(T) == typeof(int)) return Unsafe.As<T?, int>(ref x) == Unsafe.As<T?, int>(ref y);
            if (typeof(T) == typeof(long)) return Unsafe.As<T?, long>(ref x) == Unsafe.As<T?, long>(ref y);
            if (typeof(T) == typeof(uint)) return Unsafe.As<T?, uint>(ref x) == Unsafe.As<T?, uint>(ref y);
            if (typeof(T) == typeof(ulong)) return Unsafe.As<T?, ulong>(ref x) == Unsafe.As<T?, ulong>(ref y);
            if (typeof(T) == typeof(short)) return Unsafe.As<T?, short>(ref x) == Unsafe.As<T?, short>(ref y);
            if (typeof(T) == typeof(ushort)) return Unsafe.As<T?, ushort>(ref x) == Unsafe.As<T?, ushort>(ref y);
            if (typeof(T) == typeof(byte)) return Unsafe.As<T?, byte>(ref x) == Unsafe.As<T?, byte>(ref y);
            if (typeof(T) == typeof(sbyte)) return Unsafe.As<T?, sbyte>(ref x) == Unsafe.As<T?, sbyte>(ref y);
            if (typeof(T) == typeof(char)) return Unsafe.As<T?, char>(ref x) == Unsafe.As<T?, char>(ref y);
            if (typeof(T) == typeof(bool)) return Unsafe.As<T?, bool>(ref x) == Unsafe.As<T?, bool>(ref y);
            if (typeof(T) == typeof(double)) return Unsafe.As<T?, double>(ref x).Equals(Unsafe.As<T?, double>(ref y));
            if (typeof(T) == typeof(float)) return Unsafe.As<T?, float>(ref x).Equals(Unsafe.As<T?, float>(ref y));
            if (typeof(T) == typeof(string)) return string.Equals(Unsafe.As<string?>(x), Unsafe.As<string?>(y));
            if (x == null) return y == null;
            if (y == null) return false;
            return x.Equals(y);
        }

        public override int GetHashCode(T obj)
        {
            if (typeof(T) == typeof(int)) return Unsafe.As<T, int>(ref obj);
            if (typeof(T) == typeof(long)) return Unsafe.As<T, long>(ref obj).GetHashCode();
            if (typeof(T) == typeof(uint)) return (int)Unsafe.As<T, uint>(ref obj);
            if (typeof(T) == typeof(ulong)) return Unsafe.As<T, ulong>(ref obj).GetHashCode();
            if (typeof(T) == typeof(char)) return Unsafe.As<T, char>(ref obj);
            if (typeof(T) == typeof(double)) return Unsafe.As<T, double>(ref obj).GetHashCode();
            if (typeof(T) == typeof(string)) return Unsafe.As<string>(obj).GetHashCode();
            return obj == null ? 0 : obj.GetHashCode();
        }
    }
}
