// The string members ordinary code uses (rich profile): searching, splitting, joining, trimming,
// invariant casing, padding, ordinal comparison, Format and the span/char[] constructors.
// Comparisons are ordinal (there is no culture data): culture-aware overloads behave ordinally.
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Text;

namespace System
{
    public enum StringComparison
    {
        CurrentCulture = 0, CurrentCultureIgnoreCase = 1, InvariantCulture = 2,
        InvariantCultureIgnoreCase = 3, Ordinal = 4, OrdinalIgnoreCase = 5,
    }

    [Flags]
    public enum StringSplitOptions { None = 0, RemoveEmptyEntries = 1, TrimEntries = 2 }

    public sealed partial class String
    {
        // ILCompiler turns `new string(...)` into a call to the static Ctor of the same signature.
#pragma warning disable CS0824
        [MethodImpl(MethodImplOptions.InternalCall)] public extern String(char[] value);
        [MethodImpl(MethodImplOptions.InternalCall)] public extern String(char[] value, int startIndex, int length);
        [MethodImpl(MethodImplOptions.InternalCall)] public extern String(char c, int count);
        [MethodImpl(MethodImplOptions.InternalCall)] public extern String(ReadOnlySpan<char> value);
#pragma warning restore CS0824

        private static string Ctor(char[] value) => Ctor(new ReadOnlySpan<char>(value));
        private static string Ctor(char[] value, int startIndex, int length) => Ctor(new ReadOnlySpan<char>(value, startIndex, length));
        private static string Ctor(char c, int count)
        {
            string s = FastAllocate(count);
            for (int i = 0; i < count; i++) Unsafe.Add(ref s._firstChar, i) = c;
            return s;
        }
        private static string Ctor(ReadOnlySpan<char> value)
        {
            string s = FastAllocate(value.Length);
            for (int i = 0; i < value.Length; i++) Unsafe.Add(ref s._firstChar, i) = value[i];
            return s;
        }

        public char[] ToCharArray()
        {
            char[] result = new char[Length];
            for (int i = 0; i < Length; i++) result[i] = this[i];
            return result;
        }

        public static bool IsNullOrWhiteSpace(string? value)
        {
            if (value == null) return true;
            for (int i = 0; i < value.Length; i++) if (!char.IsWhiteSpace(value[i])) return false;
            return true;
        }

        public bool Equals(string? other) => Equals(this, other);

        public static bool Equals(string? a, string? b, StringComparison comparison)
        {
            if (comparison != StringComparison.OrdinalIgnoreCase && comparison != StringComparison.InvariantCultureIgnoreCase && comparison != StringComparison.CurrentCultureIgnoreCase)
                return Equals(a, b);
            if ((object?)a == (object?)b) return true;
            if (a == null || b == null || a.Length != b.Length) return false;
            for (int i = 0; i < a.Length; i++)
                if (char.ToUpperInvariant(a[i]) != char.ToUpperInvariant(b[i])) return false;
            return true;
        }

        public bool Equals(string? other, StringComparison comparison) => Equals(this, other, comparison);

        public static int CompareOrdinal(string? a, string? b)
        {
            if ((object?)a == (object?)b) return 0;
            if (a == null) return -1;
            if (b == null) return 1;
            int n = a.Length < b.Length ? a.Length : b.Length;
            for (int i = 0; i < n; i++) if (a[i] != b[i]) return a[i] - b[i];
            return a.Length - b.Length;
        }

        /// <summary>Ordinal (no culture data): differs from .NET's culture-aware order for mixed case and symbols.</summary>
        public static int Compare(string? a, string? b) => CompareOrdinal(a, b);
        public int CompareTo(string? other) => CompareOrdinal(this, other);

        public int IndexOf(char value) => IndexOf(value, 0);
        public int IndexOf(char value, int startIndex)
        {
            if ((uint)startIndex > (uint)Length) Collections.Generic.ArgumentChecks.OutOfRange("startIndex");
            for (int i = startIndex; i < Length; i++) if (this[i] == value) return i;
            return -1;
        }

        public int IndexOf(string value) => IndexOf(value, 0);
        public int IndexOf(string value, StringComparison comparison) => IndexOf(value, 0);
        public int IndexOf(string value, int startIndex)
        {
            if ((uint)startIndex > (uint)Length) Collections.Generic.ArgumentChecks.OutOfRange("startIndex");
            for (int i = startIndex; i + value.Length <= Length; i++)
                if (MatchesAt(i, value)) return i;
            return -1;
        }

        public int IndexOfAny(char[] anyOf)
        {
            for (int i = 0; i < Length; i++)
                for (int j = 0; j < anyOf.Length; j++) if (this[i] == anyOf[j]) return i;
            return -1;
        }

        public int LastIndexOf(char value)
        {
            for (int i = Length - 1; i >= 0; i--) if (this[i] == value) return i;
            return -1;
        }

        public int LastIndexOf(string value)
        {
            for (int i = Length - value.Length; i >= 0; i--) if (MatchesAt(i, value)) return i;
            return -1;
        }

        private bool MatchesAt(int at, string value)
        {
            for (int j = 0; j < value.Length; j++) if (this[at + j] != value[j]) return false;
            return true;
        }

        public bool Contains(string value) => IndexOf(value) >= 0;
        public bool Contains(char value) => IndexOf(value) >= 0;
        public bool StartsWith(char value) => Length > 0 && this[0] == value;
        public bool EndsWith(char value) => Length > 0 && this[Length - 1] == value;
        public bool EndsWith(string value) => value.Length <= Length && MatchesAt(Length - value.Length, value);
        public bool StartsWith(string value, StringComparison comparison)
            => value.Length <= Length && Equals(Substring(0, value.Length), value, comparison);

        public string Substring(int startIndex) => Substring(startIndex, Length - startIndex);

        public string Replace(char oldChar, char newChar)
        {
            string s = FastAllocate(Length);
            for (int i = 0; i < Length; i++) Unsafe.Add(ref s._firstChar, i) = this[i] == oldChar ? newChar : this[i];
            return s;
        }

        public string Replace(string oldValue, string? newValue)
        {
            if (oldValue.Length == 0) Collections.Generic.ArgumentChecks.OutOfRange("oldValue");
            newValue ??= "";
            StringBuilder sb = new StringBuilder(Length);
            int i = 0;
            while (i < Length)
            {
                if (i + oldValue.Length <= Length && MatchesAt(i, oldValue)) { sb.Append(newValue); i += oldValue.Length; }
                else sb.Append(this[i++]);
            }
            return sb.ToString();
        }

        public string Insert(int startIndex, string value) => Concat(Substring(0, startIndex), value, Substring(startIndex));
        public string Remove(int startIndex) => Substring(0, startIndex);
        public string Remove(int startIndex, int count) => Concat(Substring(0, startIndex), Substring(startIndex + count));

        public string Trim() => TrimCore(true, true, null);
        public string TrimStart() => TrimCore(true, false, null);
        public string TrimEnd() => TrimCore(false, true, null);
        public string Trim(char c) => TrimCore(true, true, new[] { c });
        public string Trim(params char[] chars) => TrimCore(true, true, chars);
        public string TrimStart(char c) => TrimCore(true, false, new[] { c });
        public string TrimEnd(char c) => TrimCore(false, true, new[] { c });
        public string TrimEnd(params char[] chars) => TrimCore(false, true, chars);

        private string TrimCore(bool start, bool end, char[]? chars)
        {
            int a = 0, b = Length;
            if (start) while (a < b && IsTrimmed(this[a], chars)) a++;
            if (end) while (b > a && IsTrimmed(this[b - 1], chars)) b--;
            return a == 0 && b == Length ? this : Substring(a, b - a);
        }

        private static bool IsTrimmed(char c, char[]? chars)
        {
            if (chars == null || chars.Length == 0) return char.IsWhiteSpace(c);
            for (int i = 0; i < chars.Length; i++) if (chars[i] == c) return true;
            return false;
        }

        public string ToUpperInvariant()
        {
            string s = FastAllocate(Length);
            for (int i = 0; i < Length; i++) Unsafe.Add(ref s._firstChar, i) = char.ToUpperInvariant(this[i]);
            return s;
        }

        public string ToLowerInvariant()
        {
            string s = FastAllocate(Length);
            for (int i = 0; i < Length; i++) Unsafe.Add(ref s._firstChar, i) = char.ToLowerInvariant(this[i]);
            return s;
        }

        /// <summary>Invariant casing (there is no current culture).</summary>
        public string ToUpper() => ToUpperInvariant();
        public string ToLower() => ToLowerInvariant();

        public string PadLeft(int totalWidth) => PadLeft(totalWidth, ' ');
        public string PadLeft(int totalWidth, char padding)
            => totalWidth <= Length ? this : Concat(new string(padding, totalWidth - Length), this);
        public string PadRight(int totalWidth) => PadRight(totalWidth, ' ');
        public string PadRight(int totalWidth, char padding)
            => totalWidth <= Length ? this : Concat(this, new string(padding, totalWidth - Length));

        public string[] Split(char separator, StringSplitOptions options = StringSplitOptions.None)
            => SplitCore(new[] { separator }, null, options);
        public string[] Split(params char[]? separators) => SplitCore(separators, null, StringSplitOptions.None);
        public string[] Split(char[]? separators, StringSplitOptions options) => SplitCore(separators, null, options);
        public string[] Split(string? separator, StringSplitOptions options = StringSplitOptions.None)
            => separator == null || separator.Length == 0 ? new[] { this } : SplitCore(null, separator, options);

        private string[] SplitCore(char[]? chars, string? separator, StringSplitOptions options)
        {
            List<string> parts = new List<string>();
            int start = 0, i = 0;
            while (i <= Length)
            {
                int sepLength = 0;
                if (i < Length)
                {
                    if (separator != null) { if (i + separator.Length <= Length && MatchesAt(i, separator)) sepLength = separator.Length; }
                    else if (IsTrimmed(this[i], chars)) sepLength = 1;
                }
                if (i == Length || sepLength > 0)
                {
                    string part = Substring(start, i - start);
                    if ((options & StringSplitOptions.TrimEntries) != 0) part = part.Trim();
                    if (part.Length > 0 || (options & StringSplitOptions.RemoveEmptyEntries) == 0) parts.Add(part);
                    if (i == Length) break;
                    i += sepLength;
                    start = i;
                }
                else i++;
            }
            return parts.ToArray();
        }

        public static string Join(string? separator, params string?[] values)
        {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < values.Length; i++) { if (i > 0) sb.Append(separator); sb.Append(values[i]); }
            return sb.ToString();
        }

        public static string Join(char separator, params string?[] values) => Join(FromChar(separator), values);

        public static string Join(string? separator, params object?[] values)
        {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < values.Length; i++) { if (i > 0) sb.Append(separator); sb.Append(values[i]); }
            return sb.ToString();
        }

        // Enumerates through IEnumerable<T>: needs the rich profile's interface dispatch.
        public static string Join<T>(string? separator, IEnumerable<T> values)
        {
            StringBuilder sb = new StringBuilder();
            bool first = true;
            foreach (T value in values) { if (!first) sb.Append(separator); first = false; sb.Append(FormatArgument.ToText(value, null)); }
            return sb.ToString();
        }

        public static string Join(string? separator, List<string> values)
        {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < values.Count; i++) { if (i > 0) sb.Append(separator); sb.Append(values[i]); }
            return sb.ToString();
        }

        public static string Concat(object? a) => a == null ? "" : a.ToString() ?? "";
        public static string Concat(object? a, object? b) => Concat(Concat(a), Concat(b));
        public static string Concat(object? a, object? b, object? c) => Concat(Concat(a), Concat(b), Concat(c));
        public static string Concat(params object?[] args)
        {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < args.Length; i++) sb.Append(args[i]);
            return sb.ToString();
        }

        public static string Format(string format, object? arg0) => Format(format, new[] { arg0 });
        public static string Format(string format, object? arg0, object? arg1) => Format(format, new[] { arg0, arg1 });
        public static string Format(string format, object? arg0, object? arg1, object? arg2) => Format(format, new[] { arg0, arg1, arg2 });
        public static string Format(string format, params object?[] args)
        {
            StringBuilder sb = new StringBuilder(format.Length + 16);
            sb.AppendFormat(format, args);
            return sb.ToString();
        }
    }
}
