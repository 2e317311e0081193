// Exact decimal digits of binary floating-point values, the ground truth behind every double/float
// formatting and parsing path: m × 2^e is expanded exactly (as m × 5^-e × 10^e when e < 0) in
// base-10^9 limbs on the stack, so no digit is ever guessed. At most 1126 factors of 5 on a
// 55-bit mantissa: about 805 digits, 90 limbs.
namespace System.Text
{
    /// <summary>Decimal digits d1 d2 ... dn (ASCII) with value 0.d1d2...dn × 10^Scale; no trailing zeros.</summary>
    internal unsafe struct DecimalDigits
    {
        public const int Capacity = 820;
        public fixed byte Digits[Capacity];
        public int Count;
        public int Scale;
        public bool Negative;

        public bool IsZero => Count == 0;

        public byte this[int i] => i < Count ? Digits[i] : (byte)'0';

        /// <summary>The exact digits of m × 2^e (m below 2^62).</summary>
        public static void Exact(ulong m, int e, ref DecimalDigits result)
        {
            result.Count = 0; result.Scale = 0;
            if (m == 0) return;
            uint* power = stackalloc uint[Limbs];
            int n = PowerOfTwo(e, power, out int shift);
            uint* limbs = stackalloc uint[Limbs];
            n = MultiplyBy(power, n, m, limbs);
            ToDigits(limbs, n, shift, ref result);
        }

        /// <summary>
        /// The exact digits of c0·2^e, c1·2^e and c2·2^e (a value and its two rounding bounds share
        /// the power of two, which is the expensive part).
        /// </summary>
        public static void Exact3(ulong c0, ulong c1, ulong c2, int e, ref DecimalDigits r0, ref DecimalDigits r1, ref DecimalDigits r2)
        {
            uint* power = stackalloc uint[Limbs];
            int n = PowerOfTwo(e, power, out int shift);
            uint* limbs = stackalloc uint[Limbs];
            int k = MultiplyBy(power, n, c0, limbs); ToDigits(limbs, k, shift, ref r0);
            k = MultiplyBy(power, n, c1, limbs); ToDigits(limbs, k, shift, ref r1);
            k = MultiplyBy(power, n, c2, limbs); ToDigits(limbs, k, shift, ref r2);
        }

        private const int Limbs = 100;
        private const uint Base = 1000000000;

        // 2^e as base-10^9 limbs times 10^-shift: 2^e itself when e ≥ 0, else 5^-e with shift -e.
        private static int PowerOfTwo(int e, uint* limbs, out int shift)
        {
            limbs[0] = 1;
            int n = 1;
            shift = 0;
            if (e >= 0)
            {
                while (e > 0) { int s = e > 29 ? 29 : e; n = MultiplySmall(limbs, n, 1u << s); e -= s; }
            }
            else
            {
                int k = -e;
                shift = k;
                while (k > 0) { int s = k > 13 ? 13 : k; n = MultiplySmall(limbs, n, Pow5(s)); k -= s; }
            }
            return n;
        }

        // result = a × c (c below 2^62), as limbs.
        private static int MultiplyBy(uint* a, int n, ulong c, uint* result)
        {
            ulong c0 = c % Base, c1 = c / Base % Base, c2 = c / Base / Base;
            int size = n + 3;
            for (int i = 0; i < size; i++) result[i] = 0;
            AddProduct(a, n, c0, result, 0);
            if (c1 != 0) AddProduct(a, n, c1, result, 1);
            if (c2 != 0) AddProduct(a, n, c2, result, 2);
            while (size > 1 && result[size - 1] == 0) size--;
            return size;
        }

        private static void AddProduct(uint* a, int n, ulong c, uint* result, int offset)
        {
            ulong carry = 0;
            int i = 0;
            for (; i < n; i++)
            {
                ulong x = (ulong)a[i] * c + result[i + offset] + carry;
                carry = x / Base;
                result[i + offset] = (uint)(x - carry * Base);
            }
            for (i += offset; carry != 0; i++)
            {
                ulong x = result[i] + carry;
                carry = x / Base;
                result[i] = (uint)(x - carry * Base);
            }
        }

        private static void ToDigits(uint* limbs, int n, int shift, ref DecimalDigits result)
        {
            result.Count = 0; result.Scale = 0;
            if (n == 1 && limbs[0] == 0) return;
            int count = 0;
            uint top = limbs[n - 1];
            byte* tmp = stackalloc byte[10];
            int t = 0;
            while (top != 0) { tmp[t++] = (byte)('0' + top % 10); top /= 10; }
            while (t > 0) result.Digits[count++] = tmp[--t];
            for (int i = n - 2; i >= 0; i--)
            {
                uint limb = limbs[i];
                for (int j = 8; j >= 0; j--) { uint q = limb / 10; result.Digits[count + j] = (byte)('0' + (limb - q * 10)); limb = q; }
                count += 9;
            }
            result.Scale = count - shift;
            while (count > 0 && result.Digits[count - 1] == '0') count--;
            result.Count = count;
        }

        private static uint Pow5(int s) { uint p = 1; for (int i = 0; i < s; i++) p *= 5; return p; }

        private static int MultiplySmall(uint* limbs, int n, uint factor)
        {
            ulong carry = 0;
            for (int i = 0; i < n; i++)
            {
                ulong x = (ulong)limbs[i] * factor + carry;
                carry = x / Base;
                limbs[i] = (uint)(x - carry * Base);
            }
            while (carry != 0) { ulong q = carry / Base; limbs[n++] = (uint)(carry - q * Base); carry = q; }
            return n;
        }

        /// <summary>Copies the first <paramref name="digits"/> digits, marking any cut-off non-zero tail with a final '1'.</summary>
        public void CopyPrefixTo(ref DecimalDigits other, int digits)
        {
            other.Scale = Scale; other.Negative = Negative;
            int n = Count < digits ? Count : digits;
            for (int i = 0; i < n; i++) other.Digits[i] = Digits[i];
            if (Count > digits) other.Digits[n++] = (byte)'1';
            other.Count = n;
        }

        /// <summary>Compares two non-negative decimal values.</summary>
        public static int Compare(ref DecimalDigits a, ref DecimalDigits b)
        {
            if (a.IsZero || b.IsZero) return a.IsZero ? (b.IsZero ? 0 : -1) : 1;
            if (a.Scale != b.Scale) return a.Scale < b.Scale ? -1 : 1;
            int n = a.Count > b.Count ? a.Count : b.Count;
            for (int i = 0; i < n; i++)
            {
                byte x = a[i], y = b[i];
                if (x != y) return x < y ? -1 : 1;
            }
            return 0;
        }

        public void CopyTo(ref DecimalDigits other)
        {
            other.Count = Count; other.Scale = Scale; other.Negative = Negative;
            for (int i = 0; i < Count; i++) other.Digits[i] = Digits[i];
        }

        /// <summary>
        /// Keeps the first <paramref name="keep"/> digits (may be 0 or negative: rounds to the digit
        /// position <c>keep</c> counted from the first digit), rounding the exact value to nearest with
        /// ties to even, as .NET does. Returns whether it rounded up.
        /// </summary>
        public bool Round(int keep)
        {
            if (keep >= Count) return false;
            if (keep < 0) { Count = 0; return false; }
            // Digits past 'keep': compare the tail with one half.
            byte first = Digits[keep];
            bool up;
            if (first > '5') up = true;
            else if (first < '5') up = false;
            else if (keep + 1 < Count) up = true;               // more non-zero digits follow (trailing zeros are trimmed)
            else up = keep > 0 && ((Digits[keep - 1] - '0') & 1) == 1; // exact tie: to even (0 is even)
            Count = keep;
            if (up)
            {
                int i = keep - 1;
                while (i >= 0 && Digits[i] == '9') i--;
                if (i < 0) { Digits[0] = (byte)'1'; Count = 1; Scale++; }
                else { Digits[i]++; Count = i + 1; }
            }
            while (Count > 0 && Digits[Count - 1] == '0') Count--;
            return up;
        }

        /// <summary>Truncates to <paramref name="keep"/> digits and adds one unit in the last kept place.</summary>
        public void TruncateAndIncrement(int keep)
        {
            if (keep > Count) { for (int i = Count; i < keep; i++) Digits[i] = (byte)'0'; }
            Count = keep;
            int j = keep - 1;
            while (j >= 0 && Digits[j] == '9') j--;
            if (j < 0) { Digits[0] = (byte)'1'; Count = 1; Scale++; }
            else { Digits[j]++; Count = j + 1; }
            while (Count > 0 && Digits[Count - 1] == '0') Count--;
        }

        public void Truncate(int keep)
        {
            if (keep < Count) Count = keep < 0 ? 0 : keep;
            while (Count > 0 && Digits[Count - 1] == '0') Count--;
        }

        /// <summary>Sets the digits of an unsigned integer.</summary>
        public void SetInteger(ulong value)
        {
            byte* tmp = stackalloc byte[20];
            int t = 0;
            while (value != 0) { tmp[t++] = (byte)('0' + (int)(value % 10)); value /= 10; }
            Count = 0;
            Scale = t;
            while (t > 0) Digits[Count++] = tmp[--t];
            while (Count > 0 && Digits[Count - 1] == '0') Count--;
        }
    }
}
