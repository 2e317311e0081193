// .NET's standard numeric format strings with the invariant culture, for integers and
// floating point: D X N F E G P R (and default ToString()). Custom format strings ("0.00") are
// not supported: they format as "G".
namespace System.Text
{
    internal static unsafe class NumberFormatting
    {
        private const int DoubleRoundTripDigits = 17, SingleRoundTripDigits = 9;

        public static void ParseSpecifier(string? format, out char kind, out int precision)
        {
            kind = 'G'; precision = -1;
            if (format == null || format.Length == 0) return;
            kind = format[0];
            if (format.Length > 1)
            {
                precision = 0;
                for (int i = 1; i < format.Length; i++)
                {
                    int d = format[i] - '0';
                    if (d < 0 || d > 9 || precision > 99999) { kind = 'G'; precision = -1; return; }
                    precision = precision * 10 + d;
                }
            }
        }

        public static string FormatDouble(double value, string? format)
        {
            if (!FloatingPoint.Decompose(value, out ulong m, out int e, out bool half, out bool negative))
                return m != 0 ? "NaN" : negative ? "-Infinity" : "Infinity";
            return FormatFloating(m, e, half, negative, format, DoubleRoundTripDigits);
        }

        public static string FormatSingle(float value, string? format)
        {
            if (!FloatingPoint.Decompose(value, out ulong m, out int e, out bool half, out bool negative))
                return m != 0 ? "NaN" : negative ? "-Infinity" : "Infinity";
            return FormatFloating(m, e, half, negative, format, SingleRoundTripDigits);
        }

        private static string FormatFloating(ulong m, int e, bool half, bool negative, string? format, int roundTripDigits)
        {
            ParseSpecifier(format, out char kind, out int precision);
            DecimalDigits d = default;
            CharBuffer o = default;
            char upper = (char)(kind & ~0x20);
            if (upper == 'R' || (upper == 'G' && precision <= 0))
            {
                FloatingPoint.Shortest(m, e, half, ref d);
                d.Negative = negative;
                int max = d.Count > roundTripDigits ? d.Count : roundTripDigits;
                General(ref d, max, kind == 'r' || kind == 'g' ? 'e' : 'E', ref o);
                return o.ToString();
            }
            DecimalDigits.Exact(m, e, ref d);
            d.Negative = negative;
            Format(ref d, kind, precision, ref o, isInteger: false);
            return o.ToString();
        }

        /// <summary>Formats an integer given as magnitude and sign (X is handled by the caller).</summary>
        public static string FormatInteger(ulong magnitude, bool negative, string? format)
        {
            ParseSpecifier(format, out char kind, out int precision);
            DecimalDigits d = default;
            d.SetInteger(magnitude);
            d.Negative = negative;
            CharBuffer o = default;
            char upper = (char)(kind & ~0x20);
            if (upper == 'D')
            {
                if (negative) o.Append('-');
                int count = d.Scale;
                for (int i = count; i < precision; i++) o.Append('0');
                for (int i = 0; i < count; i++) o.Append((char)d[i]);
                if (count == 0 && precision <= 0) o.Append('0');
                return o.ToString();
            }
            if (upper == 'G' && precision <= 0)
            {
                General(ref d, d.Scale > 0 ? d.Scale : 1, 'E', ref o);
                return o.ToString();
            }
            if (upper == 'R') kind = 'G';
            Format(ref d, kind, precision, ref o, isInteger: true);
            return o.ToString();
        }

        public static string FormatHex(ulong bits, char kind, int precision)
        {
            CharBuffer o = default;
            char* tmp = stackalloc char[16];
            int n = 0;
            do { int digit = (int)(bits & 0xF); tmp[n++] = (char)(digit < 10 ? '0' + digit : (kind == 'X' ? 'A' : 'a') + digit - 10); bits >>= 4; } while (bits != 0);
            for (int i = n; i < precision; i++) o.Append('0');
            while (n > 0) o.Append(tmp[--n]);
            return o.ToString();
        }

        private static void Format(ref DecimalDigits d, char kind, int precision, ref CharBuffer o, bool isInteger)
        {
            switch ((char)(kind & ~0x20))
            {
                case 'F':
                    if (precision < 0) precision = 2;
                    d.Round(d.Scale + precision);
                    Fixed(ref d, precision, false, ref o);
                    return;
                case 'N':
                    if (precision < 0) precision = 2;
                    d.Round(d.Scale + precision);
                    Fixed(ref d, precision, true, ref o);
                    return;
                case 'P':
                    if (precision < 0) precision = 2;
                    if (!d.IsZero) d.Scale += 2;
                    d.Round(d.Scale + precision);
                    Fixed(ref d, precision, true, ref o);
                    o.Append(" %");
                    return;
                case 'E':
                    if (precision < 0) precision = 6;
                    d.Round(precision + 1);
                    Exponential(ref d, precision, kind, 3, ref o);
                    return;
                default: // 'G' with a precision
                    d.Round(precision);
                    General(ref d, precision, kind == 'g' ? 'e' : 'E', ref o);
                    return;
            }
        }

        // Fixed point with `decimals` digits after the point, optionally grouped by thousands.
        private static void Fixed(ref DecimalDigits d, int decimals, bool group, ref CharBuffer o)
        {
            if (d.Negative && !d.IsZero) o.Append('-');
            else if (d.Negative && IsNegativeZeroShown(ref d)) o.Append('-');
            int integerDigits = d.IsZero || d.Scale <= 0 ? 0 : d.Scale;
            if (integerDigits == 0) o.Append('0');
            for (int i = 0; i < integerDigits; i++)
            {
                if (group && i > 0 && (integerDigits - i) % 3 == 0) o.Append(',');
                o.Append((char)d[i]);
            }
            if (decimals > 0)
            {
                o.Append('.');
                for (int i = 0; i < decimals; i++)
                {
                    int index = d.IsZero ? -1 : d.Scale + i; // digit k has place value 10^(Scale-1-k)
                    o.Append(index >= 0 ? (char)d[index] : '0');
                }
            }
        }

        // .NET prints "-0.00" for negative values that round to zero and for -0.0 itself.
        private static bool IsNegativeZeroShown(ref DecimalDigits d) => true;

        private static void Exponential(ref DecimalDigits d, int decimals, char kind, int minExponentDigits, ref CharBuffer o)
        {
            if (d.Negative) o.Append('-');
            o.Append(d.IsZero ? '0' : (char)d[0]);
            if (decimals > 0)
            {
                o.Append('.');
                for (int i = 1; i <= decimals; i++) o.Append(d.IsZero ? '0' : (char)d[i]);
            }
            Exponent(d.IsZero ? 0 : d.Scale - 1, kind == 'e' ? 'e' : 'E', minExponentDigits, ref o);
        }

        private static void Exponent(int exponent, char letter, int minDigits, ref CharBuffer o)
        {
            o.Append(letter);
            o.Append(exponent < 0 ? '-' : '+');
            if (exponent < 0) exponent = -exponent;
            char* tmp = stackalloc char[8];
            int n = 0;
            do { tmp[n++] = (char)('0' + exponent % 10); exponent /= 10; } while (exponent != 0);
            for (int i = n; i < minDigits; i++) o.Append('0');
            while (n > 0) o.Append(tmp[--n]);
        }

        // "G": fixed notation unless the exponent is at least maxDigits or below -5.
        private static void General(ref DecimalDigits d, int maxDigits, char letter, ref CharBuffer o)
        {
            if (d.Negative) o.Append('-');
            if (d.IsZero) { o.Append('0'); return; }
            int scale = d.Scale;
            if (scale > maxDigits || scale < -3)
            {
                o.Append((char)d[0]);
                if (d.Count > 1)
                {
                    o.Append('.');
                    for (int i = 1; i < d.Count; i++) o.Append((char)d[i]);
                }
                Exponent(scale - 1, letter, 2, ref o);
                return;
            }
            if (scale <= 0)
            {
                o.Append("0.");
                for (int i = 0; i < -scale; i++) o.Append('0');
                for (int i = 0; i < d.Count; i++) o.Append((char)d[i]);
                return;
            }
            for (int i = 0; i < scale; i++) o.Append((char)d[i]);
            if (d.Count > scale)
            {
                o.Append('.');
                for (int i = scale; i < d.Count; i++) o.Append((char)d[i]);
            }
        }
    }
}
