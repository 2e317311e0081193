// double and float to decimal digits: the shortest digits that read back as the same value
// (.NET Core 3.0+ ToString()/"R"), or correctly rounded digits for a precision (F/E/G/N/P), all
// from exact decimal expansions (DecimalDigits) — slow but never wrong.
namespace System.Text
{
    internal static unsafe class FloatingPoint
    {
        /// <summary>Splits a double into m × 2^e; false for NaN and infinities.</summary>
        public static bool Decompose(double value, out ulong m, out int e, out bool lowerGapHalf, out bool negative)
        {
            ulong bits = *(ulong*)&value;
            negative = (bits >> 63) != 0;
            int biased = (int)((bits >> 52) & 0x7FF);
            ulong fraction = bits & 0xFFFFFFFFFFFFFUL;
            lowerGapHalf = false;
            if (biased == 0x7FF) { m = fraction; e = 0; return false; }
            if (biased == 0) { m = fraction; e = -1074; }
            else { m = fraction | (1UL << 52); e = biased - 1075; lowerGapHalf = fraction == 0 && biased > 1; }
            return true;
        }

        public static bool Decompose(float value, out ulong m, out int e, out bool lowerGapHalf, out bool negative)
        {
            uint bits = *(uint*)&value;
            negative = (bits >> 31) != 0;
            int biased = (int)((bits >> 23) & 0xFF);
            uint fraction = bits & 0x7FFFFF;
            lowerGapHalf = false;
            if (biased == 0xFF) { m = fraction; e = 0; return false; }
            if (biased == 0) { m = fraction; e = -149; }
            else { m = fraction | (1u << 23); e = biased - 150; lowerGapHalf = fraction == 0 && biased > 1; }
            return true;
        }

        /// <summary>
        /// The shortest digits inside the rounding interval of m × 2^e, the closest to the exact
        /// value when several have that length (ties: even last digit). The interval's ends belong
        /// to it when m is even (round-half-even reads them back as this value).
        /// </summary>
        public static void Shortest(ulong m, int e, bool lowerGapHalf, ref DecimalDigits result)
        {
            if (m == 0) { result.Count = 0; result.Scale = 0; return; }
            DecimalDigits exact = default, high = default, low = default;
            // value 4m, bounds 4m+2 and 4m-2 (4m-1 when the gap below is half), all times 2^(e-2)
            DecimalDigits.Exact3(4 * m, 4 * m + 2, lowerGapHalf ? 4 * m - 1 : 4 * m - 2, e - 2, ref exact, ref high, ref low);
            bool inclusive = (m & 1) == 0;
            for (int n = 1; n < exact.Count; n++)
            {
                exact.CopyPrefixTo(ref result, n + 1);
                bool up = result.Round(n);
                if (Inside(ref result, ref low, ref high, inclusive)) return;
                exact.CopyPrefixTo(ref result, n + 1);
                if (up) result.Truncate(n); else result.TruncateAndIncrement(n);
                if (Inside(ref result, ref low, ref high, inclusive)) return;
            }
            exact.CopyTo(ref result);
        }

        private static bool Inside(ref DecimalDigits c, ref DecimalDigits low, ref DecimalDigits high, bool inclusive)
        {
            int lo = DecimalDigits.Compare(ref c, ref low), hi = DecimalDigits.Compare(ref c, ref high);
            return inclusive ? lo >= 0 && hi <= 0 : lo > 0 && hi < 0;
        }
    }
}
