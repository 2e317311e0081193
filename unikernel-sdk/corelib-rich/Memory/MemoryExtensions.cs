// MemoryExtensions basics: AsSpan, SequenceEqual, IndexOf, Contains, StartsWith, Trim (chars).
using System.Collections.Generic;
using System.Runtime.CompilerServices;

namespace System
{
    public static class MemoryExtensions
    {
        public static ReadOnlySpan<char> AsSpan(this string? text)
            => text == null ? default : new ReadOnlySpan<char>(ref text.FirstChar, text.Length);

        public static ReadOnlySpan<char> AsSpan(this string? text, int start)
        {
            if (text == null) return default;
            return text.AsSpan().Slice(start);
        }

        public static ReadOnlySpan<char> AsSpan(this string? text, int start, int length)
        {
            if (text == null) return default;
            return text.AsSpan().Slice(start, length);
        }

        public static Span<T> AsSpan<T>(this T[]? array) => new Span<T>(array);
        public static Span<T> AsSpan<T>(this T[] array, int start) => new Span<T>(array).Slice(start);
        public static Span<T> AsSpan<T>(this T[] array, int start, int length) => new Span<T>(array, start, length);

        public static bool SequenceEqual<T>(this ReadOnlySpan<T> span, ReadOnlySpan<T> other)
        {
            if (span.Length != other.Length) return false;
            EqualityComparer<T> c = EqualityComparer<T>.Default;
            for (int i = 0; i < span.Length; i++) if (!c.Equals(span[i], other[i])) return false;
            return true;
        }

        public static bool SequenceEqual<T>(this Span<T> span, ReadOnlySpan<T> other) => SequenceEqual((ReadOnlySpan<T>)span, other);

        public static int IndexOf<T>(this ReadOnlySpan<T> span, T value)
        {
            EqualityComparer<T> c = EqualityComparer<T>.Default;
            for (int i = 0; i < span.Length; i++) if (c.Equals(span[i], value)) return i;
            return -1;
        }

        public static int IndexOf<T>(this Span<T> span, T value) => IndexOf((ReadOnlySpan<T>)span, value);

        public static int IndexOf<T>(this ReadOnlySpan<T> span, ReadOnlySpan<T> value)
        {
            for (int i = 0; i + value.Length <= span.Length; i++)
                if (SequenceEqual(span.Slice(i, value.Length), value)) return i;
            return -1;
        }

        public static int LastIndexOf<T>(this ReadOnlySpan<T> span, T value)
        {
            EqualityComparer<T> c = EqualityComparer<T>.Default;
            for (int i = span.Length - 1; i >= 0; i--) if (c.Equals(span[i], value)) return i;
            return -1;
        }

        public static bool Contains<T>(this ReadOnlySpan<T> span, T value) => IndexOf(span, value) >= 0;
        public static bool Contains<T>(this Span<T> span, T value) => IndexOf((ReadOnlySpan<T>)span, value) >= 0;

        public static bool StartsWith<T>(this ReadOnlySpan<T> span, ReadOnlySpan<T> value)
            => value.Length <= span.Length && SequenceEqual(span.Slice(0, value.Length), value);

        public static bool EndsWith<T>(this ReadOnlySpan<T> span, ReadOnlySpan<T> value)
            => value.Length <= span.Length && SequenceEqual(span.Slice(span.Length - value.Length), value);

        public static ReadOnlySpan<char> Trim(this ReadOnlySpan<char> span)
        {
            int start = 0, end = span.Length;
            while (start < end && char.IsWhiteSpace(span[start])) start++;
            while (end > start && char.IsWhiteSpace(span[end - 1])) end--;
            return span.Slice(start, end - start);
        }

        public static void Reverse<T>(this Span<T> span)
        {
            for (int i = 0, j = span.Length - 1; i < j; i++, j--) { T t = span[i]; span[i] = span[j]; span[j] = t; }
        }

        public static void Sort<T>(this Span<T> span)
        {
            T[] copy = span.ToArray();
            ArraySort.Sort(copy, 0, copy.Length, Comparer<T>.Default);
            new ReadOnlySpan<T>(copy).CopyTo(span);
        }
    }
}
