// Turning one value into text with an optional format string, without IFormattable (interface
// dispatch): known primitives are recognised (typeof(T) folds per instantiation; boxed values by
// their type), everything else uses the virtual ToString().
using System.Runtime.CompilerServices;

namespace System.Text
{
    internal static class FormatArgument
    {
        public static string ToText<T>(T value, string? format)
        {
            if (typeof(T) == typeof(double)) return Unsafe.As<T, double>(ref value).ToString(format);
            if (typeof(T) == typeof(float)) return Unsafe.As<T, float>(ref value).ToString(format);
            if (typeof(T) == typeof(int)) return format == null ? Unsafe.As<T, int>(ref value).ToString() : Unsafe.As<T, int>(ref value).ToString(format);
            if (typeof(T) == typeof(long)) return format == null ? Unsafe.As<T, long>(ref value).ToString() : Unsafe.As<T, long>(ref value).ToString(format);
            if (typeof(T) == typeof(uint)) return format == null ? Unsafe.As<T, uint>(ref value).ToString() : Unsafe.As<T, uint>(ref value).ToString(format);
            if (typeof(T) == typeof(ulong)) return format == null ? Unsafe.As<T, ulong>(ref value).ToString() : Unsafe.As<T, ulong>(ref value).ToString(format);
            if (typeof(T) == typeof(short)) return Unsafe.As<T, short>(ref value).ToString(format);
            if (typeof(T) == typeof(ushort)) return Unsafe.As<T, ushort>(ref value).ToString(format);
            if (typeof(T) == typeof(byte)) return Unsafe.As<T, byte>(ref value).ToString(format);
            if (typeof(T) == typeof(sbyte)) return Unsafe.As<T, sbyte>(ref value).ToString(format);
            if (typeof(T) == typeof(string)) return Unsafe.As<string?>(value) ?? "";
            if (value == null) return "";
            if (typeof(T) == typeof(object)) return ObjectToText(Unsafe.As<object>(value), format);
            return value.ToString() ?? "";
        }

        /// <summary>A boxed or reference value (string.Format arguments).</summary>
        public static string ObjectToText(object? value, string? format)
        {
            if (value == null) return "";
            if (format != null)
            {
                if (value is double) return Boxes.Value<double>(value).ToString(format);
                if (value is float) return Boxes.Value<float>(value).ToString(format);
                if (value is int) return Boxes.Value<int>(value).ToString(format);
                if (value is long) return Boxes.Value<long>(value).ToString(format);
                if (value is uint) return Boxes.Value<uint>(value).ToString(format);
                if (value is ulong) return Boxes.Value<ulong>(value).ToString(format);
                if (value is short) return Boxes.Value<short>(value).ToString(format);
                if (value is ushort) return Boxes.Value<ushort>(value).ToString(format);
                if (value is byte) return Boxes.Value<byte>(value).ToString(format);
                if (value is sbyte) return Boxes.Value<sbyte>(value).ToString(format);
            }
            return value.ToString() ?? "";
        }
    }
}
