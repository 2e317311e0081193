using System.Runtime.CompilerServices;
using Bulkhead.Runtime;

namespace System
{
    // Immutable UTF-16 string. Layout (a contract with ILCompiler): MethodTable*, int length, chars.
    public sealed partial class String
    {
        // ILCompiler requires exactly these two fields.
        private readonly int _stringLength;
        private char _firstChar;

        public static readonly string Empty = "";

        public int Length => _stringLength;

        [IndexerName("Chars")]
        public unsafe char this[int index]
        {
            get
            {
                if ((uint)index >= (uint)_stringLength)
                    RuntimeFailure.IndexOutOfRange();
                return Unsafe.Add(ref _firstChar, index);
            }
        }

        public ref readonly char GetPinnableReference() => ref _firstChar;

        internal ref char FirstChar => ref _firstChar;

        public override string ToString() => this;

        public static bool IsNullOrEmpty(string? value) => value == null || value.Length == 0;

        public static bool Equals(string? a, string? b)
        {
            if ((object?)a == (object?)b) return true;
            if (a == null || b == null || a.Length != b.Length) return false;
            for (int i = 0; i < a.Length; i++)
                if (a[i] != b[i]) return false;
            return true;
        }

        public static bool operator ==(string? a, string? b) => Equals(a, b);
        public static bool operator !=(string? a, string? b) => !Equals(a, b);
        public override bool Equals(object? other) => other is string s && Equals(this, s);
        public override int GetHashCode()
        {
            int h = 5381;
            for (int i = 0; i < _stringLength; i++) h = unchecked(h * 33 + this[i]);
            return h;
        }

        public bool StartsWith(string prefix)
        {
            if (prefix.Length > Length) return false;
            for (int i = 0; i < prefix.Length; i++)
                if (this[i] != prefix[i]) return false;
            return true;
        }

        public string Substring(int start, int length)
        {
            if ((uint)start > (uint)Length || (uint)length > (uint)(Length - start))
                RuntimeFailure.IndexOutOfRange();
            string result = FastAllocate(length);
            for (int i = 0; i < length; i++) Unsafe.Add(ref result._firstChar, i) = this[start + i];
            return result;
        }

        /// <summary>Allocates an uninitialized (zeroed) string of the given length.</summary>
        internal static unsafe string FastAllocate(int length)
        {
            if (length == 0) return "";
            return Unsafe.As<string>(Bulkhead.Runtime.RuntimeHelpers.AllocateArrayOf(Bulkhead.Runtime.RuntimeHelpers.MethodTableOf(""), length));
        }

        public static string FromChar(char c)
        {
            string s = FastAllocate(1);
            s._firstChar = c;
            return s;
        }

        public static unsafe string FromAscii(byte* text, int length)
        {
            string s = FastAllocate(length);
            for (int i = 0; i < length; i++) Unsafe.Add(ref s._firstChar, i) = (char)text[i];
            return s;
        }

        public static string Concat(string? a, string? b)
        {
            a ??= ""; b ??= "";
            string result = FastAllocate(a.Length + b.Length);
            CopyInto(result, 0, a);
            CopyInto(result, a.Length, b);
            return result;
        }

        public static string Concat(string? a, string? b, string? c) => Concat(Concat(a, b), c);
        public static string Concat(string? a, string? b, string? c, string? d) => Concat(Concat(a, b), Concat(c, d));

        public static string Concat(params string?[] parts)
        {
            int total = 0;
            for (int i = 0; i < parts.Length; i++) total += parts[i] == null ? 0 : parts[i]!.Length;
            string result = FastAllocate(total);
            int at = 0;
            for (int i = 0; i < parts.Length; i++)
            {
                string? p = parts[i];
                if (p == null) continue;
                CopyInto(result, at, p);
                at += p.Length;
            }
            return result;
        }

        private static void CopyInto(string destination, int at, string source)
        {
            for (int i = 0; i < source.Length; i++)
                Unsafe.Add(ref destination._firstChar, at + i) = source[i];
        }
    }
}
