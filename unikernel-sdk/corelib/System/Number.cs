namespace System
{
    /// <summary>Integer to text: decimal, and hexadecimal with the formats "x", "X", "x8", "X16" ...</summary>
    public static class Number
    {
        public static string FormatUnsigned(ulong value)
        {
            Chars buffer = default;
            int at = 20;
            do { buffer[--at] = (char)('0' + (int)(value % 10)); value /= 10; } while (value != 0);
            return buffer.ToString(at, 20 - at);
        }

        public static string FormatSigned(long value)
        {
            if (value >= 0) return FormatUnsigned((ulong)value);
            return string.Concat("-", FormatUnsigned(unchecked((ulong)(-value))));
        }

        /// <summary>Formats with "D" (decimal) or "x"/"X" (hex), optionally followed by a minimum width.</summary>
        public static string FormatUnsigned(ulong value, string format)
        {
            if (format.Length == 0 || format[0] == 'D' || format[0] == 'd') return FormatUnsigned(value);
            bool upper = format[0] == 'X';
            int width = 0;
            for (int i = 1; i < format.Length; i++) width = width * 10 + (format[i] - '0');
            if (width > 16) width = 16;
            Chars buffer = default;
            int at = 20;
            do
            {
                int digit = (int)(value & 0xF);
                buffer[--at] = (char)(digit < 10 ? '0' + digit : (upper ? 'A' : 'a') + digit - 10);
                value >>= 4;
            } while (value != 0);
            while (20 - at < width) buffer[--at] = '0';
            return buffer.ToString(at, 20 - at);
        }

        // A fixed scratch buffer on the stack: no allocation until the final string.
        private unsafe struct Chars
        {
            private fixed char _c[20];
            public char this[int i] { get => _c[i]; set => _c[i] = value; }
            public string ToString(int start, int length)
            {
                string s = string.FastAllocate(length);
                for (int i = 0; i < length; i++)
                    System.Runtime.CompilerServices.Unsafe.Add(ref s.FirstChar, i) = _c[start + i];
                return s;
            }
        }
    }
}
