// Invariant-culture parsing: integers (NumberStyles.Integer: blanks, sign, digits) and
// floating point (NumberStyles.Float | AllowThousands, plus "NaN"/"Infinity"/"∞"). Floating
// point is correctly rounded (ties to even): a close first guess is corrected against the exact
// decimal midpoints between neighbouring values (DecimalDigits), so the result is never off.
namespace System.Text
{
    internal static unsafe class NumberParsing
    {
        private static bool IsBlank(char c) => c == ' ' || (c >= '\t' && c <= '\r');

        public static bool TryParseUInt64(string? s, out ulong value, out bool negative, bool allowNegative)
        {
            value = 0; negative = false;
            if (s == null) return false;
            int i = 0, n = s.Length;
            while (i < n && IsBlank(s[i])) i++;
            while (n > i && IsBlank(s[n - 1])) n--;
            if (i < n && (s[i] == '+' || s[i] == '-')) { negative = s[i] == '-'; i++; }
            if (i >= n) return false;
            for (; i < n; i++)
            {
                int d = s[i] - '0';
                if (d < 0 || d > 9) return false;
                if (value > (ulong.MaxValue - (ulong)d) / 10) return false;
                value = value * 10 + (ulong)d;
            }
            if (negative && !allowNegative && value != 0) return false;
            return true;
        }

        public static bool TryParseInt64(string? s, long min, long max, out long value)
        {
            value = 0;
            if (!TryParseUInt64(s, out ulong magnitude, out bool negative, true)) return false;
            if (negative)
            {
                if (magnitude > (ulong)(-(min + 1)) + 1) return false;
                value = magnitude == (ulong)(-(min + 1)) + 1 ? min : -(long)magnitude;
                return true;
            }
            if (magnitude > (ulong)max) return false;
            value = (long)magnitude;
            return true;
        }

        public static bool TryParseUnsigned(string? s, ulong max, out ulong value)
            => TryParseUInt64(s, out value, out _, false) && value <= max;

        /// <summary>Parses a double (isSingle: a float, returned widened exactly).</summary>
        public static bool TryParseFloating(string? s, bool isSingle, out double result)
        {
            result = 0;
            if (s == null) return false;
            int i = 0, n = s.Length;
            while (i < n && IsBlank(s[i])) i++;
            while (n > i && IsBlank(s[n - 1])) n--;
            bool negative = false;
            if (i < n && (s[i] == '+' || s[i] == '-')) { negative = s[i] == '-'; i++; }
            if (Matches(s, i, n, "NaN")) { result = double.NaN; return true; }
            if (Matches(s, i, n, "Infinity") || Matches(s, i, n, "\u221E"))
            {
                result = negative ? double.NegativeInfinity : double.PositiveInfinity;
                return true;
            }
            DecimalDigits d = default;
            int digitsSeen = 0, scale = 0;
            bool pointSeen = false, sticky = false;
            for (; i < n; i++)
            {
                char c = s[i];
                if (c >= '0' && c <= '9')
                {
                    digitsSeen++;
                    if (pointSeen && d.Count == 0 && c == '0') { scale--; continue; } // leading zeros after the point
                    if (d.Count == 0 && c == '0') continue;                           // leading zeros
                    if (d.Count < DecimalDigits.Capacity - 1) d.Digits[d.Count++] = (byte)c;
                    else if (c != '0') sticky = true;
                    if (!pointSeen) scale++;
                }
                else if (c == '.' && !pointSeen) pointSeen = true;
                else if (c == ',' && !pointSeen && digitsSeen > 0) { }
                else break;
            }
            if (digitsSeen == 0) return false;
            if (i < n && (s[i] == 'e' || s[i] == 'E'))
            {
                i++;
                bool expNegative = false;
                if (i < n && (s[i] == '+' || s[i] == '-')) { expNegative = s[i] == '-'; i++; }
                if (i >= n) return false;
                int exponent = 0;
                for (; i < n; i++)
                {
                    int digit = s[i] - '0';
                    if (digit < 0 || digit > 9) return false;
                    if (exponent < 100000) exponent = exponent * 10 + digit;
                }
                scale += expNegative ? -exponent : exponent;
            }
            if (i != n) return false;
            if (sticky) d.Digits[d.Count++] = (byte)'1';
            while (d.Count > 0 && d.Digits[d.Count - 1] == '0') d.Count--;
            d.Scale = scale;
            double magnitude = d.IsZero ? 0 : Convert(ref d, isSingle);
            result = negative ? -magnitude : magnitude;
            return true;
        }

        private static bool Matches(string s, int start, int end, string word)
        {
            if (end - start != word.Length) return false;
            for (int k = 0; k < word.Length; k++)
            {
                char a = s[start + k], b = word[k];
                if (a != b && (a | 0x20) != (b | 0x20)) return false;
            }
            return true;
        }

        // The correctly rounded double (or float) nearest to the decimal d (> 0).
        private static double Convert(ref DecimalDigits d, bool isSingle)
        {
            if (d.Scale > 310) return double.PositiveInfinity;
            if (d.Scale < -330) return 0;
            // First guess from up to 19 leading digits (within a few units in the last place).
            ulong lead = 0;
            int used = d.Count < 19 ? d.Count : 19;
            for (int k = 0; k < used; k++) lead = lead * 10 + (ulong)(d.Digits[k] - '0');
            double guess = Scale10(lead, d.Scale - used);
            ulong maxBits = isSingle ? 0x7F7FFFFFUL : 0x7FEFFFFFFFFFFFFFUL;
            ulong bits;
            if (isSingle)
            {
                float f = (float)guess;
                bits = f != f ? 0 : *(uint*)&f;
            }
            else bits = *(ulong*)&guess;
            if (bits > maxBits) bits = maxBits;
            DecimalDigits mid = default;
            for (int round = 0; round < 2000; round++)
            {
                Split(bits, isSingle, out ulong m, out int e, out bool half);
                // Above the midpoint to the next value up (or on it with an odd mantissa): go up.
                DecimalDigits.Exact(2 * m + 1, e - 1, ref mid);
                int cmp = DecimalDigits.Compare(ref d, ref mid);
                if (cmp > 0 || (cmp == 0 && (m & 1) == 1))
                {
                    if (bits == maxBits) return double.PositiveInfinity;
                    bits++;
                    continue;
                }
                if (m != 0)
                {
                    if (half) DecimalDigits.Exact(4 * m - 1, e - 2, ref mid);
                    else DecimalDigits.Exact(2 * m - 1, e - 1, ref mid);
                    cmp = DecimalDigits.Compare(ref d, ref mid);
                    if (cmp < 0 || (cmp == 0 && (m & 1) == 1)) { bits--; continue; }
                }
                break;
            }
            if (isSingle) { uint b = (uint)bits; return *(float*)&b; }
            return *(double*)&bits;
        }

        private static void Split(ulong bits, bool isSingle, out ulong m, out int e, out bool half)
        {
            if (isSingle)
            {
                uint b = (uint)bits;
                FloatingPoint.Decompose(*(float*)&b, out m, out e, out half, out _);
            }
            else FloatingPoint.Decompose(*(double*)&bits, out m, out e, out half, out _);
        }

        // lead × 10^exponent by steps of exact powers of ten (1e22 at most): a few ulps off at worst.
        private static double Scale10(double lead, int exponent)
        {
            double result = lead;
            while (exponent > 0 && result < 1e308)
            {
                int step = exponent > 22 ? 22 : exponent;
                result *= Exact10(step); exponent -= step;
            }
            while (exponent < 0 && result > 0)
            {
                int step = -exponent > 22 ? 22 : -exponent;
                result /= Exact10(step); exponent += step;
            }
            if (result == 0) result = 4.9406564584124654E-324;
            if (result > 1.7976931348623157E+308) result = 1.7976931348623157E+308;
            return result;
        }

        private static double Exact10(int n) { double p = 1; for (int k = 0; k < n; k++) p *= 10; return p; }
    }
}
