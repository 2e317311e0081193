// Exp, Log and Pow (and the functions built on them). Kernels: exp(r) on |r| ≤ ln2/2 and
// log(1+f) = f - s·(f - T(s²)) with s = f/(2+f) on √½ ≤ 1+f < √2 (odd atanh series).
namespace System
{
    public static unsafe partial class Math
    {
        private static double RoundToInt(double x) => Round(x);

        // exp(r) - 1 for |r| ≤ 0.35, Taylor to r^14 (remainder below 2^-60 relative).
        private static double ExpM1Kernel(double r)
        {
            double p = 1.0 / 87178291200.0;                      // 1/14!
            p = 1.0 / 6227020800.0 + r * p;                      // 1/13!
            p = 1.0 / 479001600.0 + r * p;
            p = 1.0 / 39916800.0 + r * p;
            p = 1.0 / 3628800.0 + r * p;
            p = 1.0 / 362880.0 + r * p;
            p = 1.0 / 40320.0 + r * p;
            p = 1.0 / 5040.0 + r * p;
            p = 1.0 / 720.0 + r * p;
            p = 1.0 / 120.0 + r * p;
            p = 1.0 / 24.0 + r * p;
            p = 1.0 / 6.0 + r * p;
            p = 0.5 + r * p;
            return r + r * r * p;
        }

        public static double Exp(double x) => ExpDD(x, 0);

        // e^(hi+lo), |lo| tiny against hi.
        private static double ExpDD(double hi, double lo)
        {
            if (hi != hi) return hi;
            if (hi > 709.8) return double.PositiveInfinity;
            if (hi < -745.2) return 0;
            double k = RoundToInt(hi * InvLn2);
            // r = hi + lo - k·ln2, with k·Ln2Hi exact (Ln2Hi has 40 bits, |k| < 2^11).
            double rHi = hi - k * Ln2Hi;
            double rLo = lo - k * Ln2Lo;
            double r = rHi + rLo;
            double rErr = (rHi - r) + rLo;  // what r lost
            double em1 = ExpM1Kernel(r);
            em1 += rErr * (1 + em1);        // e^(r+δ) ≈ e^r (1+δ)
            double y = 1 + em1;
            return ScaleB(y, (int)k);
        }

        // log(x) as hi + lo (about 2^-70 relative), for finite x > 0.
        private static void LogDD(double x, out double hi, out double lo)
        {
            ulong b = Bits(x);
            int k = 0;
            if ((b >> 52) == 0) { x *= 18014398509481984.0; k = -54; b = Bits(x); } // subnormal: scale by 2^54
            k += (int)(b >> 52) - 1023;
            double m = FromBits((b & 0xFFFFFFFFFFFFFUL) | 0x3FF0000000000000UL); // [1, 2)
            if (m > 1.4142135623730951) { m *= 0.5; k++; }
            double f = m - 1;                 // exact (Sterbenz)
            double s = f / (2 + f);
            double z = s * s;
            // T = 2(z/3 + z²/5 + ...), z ≤ 0.0295
            double t = 2.0 / 25;
            t = 2.0 / 23 + z * t; t = 2.0 / 21 + z * t; t = 2.0 / 19 + z * t; t = 2.0 / 17 + z * t;
            t = 2.0 / 15 + z * t; t = 2.0 / 13 + z * t; t = 2.0 / 11 + z * t; t = 2.0 / 9 + z * t;
            t = 2.0 / 7 + z * t; t = 2.0 / 5 + z * t; t = 2.0 / 3 + z * t;
            t *= z;
            double correction = s * (f - t);  // log(1+f) = f - correction
            double kd = k;
            double a = kd * Ln2Hi;            // exact
            TwoSum(a, f, out double sum, out double err);
            double tail = err - correction + kd * Ln2Lo;
            hi = sum + tail;
            lo = (sum - hi) + tail;
        }

        public static double Log(double x)
        {
            if (x != x || x < 0) return double.NaN;
            if (x == 0) return double.NegativeInfinity;
            if (x - x != 0) return x;
            LogDD(x, out double hi, out _);
            return hi;
        }

        public static double Log(double a, double newBase) => Log(a) / Log(newBase);

        public static double Log10(double x)
        {
            if (x != x || x < 0) return double.NaN;
            if (x == 0) return double.NegativeInfinity;
            if (x - x != 0) return x;
            // Exact powers of ten give exact results, like the host.
            double p = 1;
            for (int n = 0; n <= 22; n++, p *= 10) if (x == p) return n;
            LogDD(x, out double hi, out double lo);
            return MulDD(hi, lo, InvLn10Hi, InvLn10Lo);
        }

        public static double Log2(double x)
        {
            if (x != x || x < 0) return double.NaN;
            if (x == 0) return double.NegativeInfinity;
            if (x - x != 0) return x;
            ulong b = Bits(x);
            if ((b & 0xFFFFFFFFFFFFFUL) == 0 && (b >> 52) != 0) return (int)(b >> 52) - 1023; // powers of two
            LogDD(x, out double hi, out double lo);
            return MulDD(hi, lo, InvLn2Hi, InvLn2Lo);
        }

        // Knuth's error-free sum: a + b = s + e exactly.
        private static void TwoSum(double a, double b, out double s, out double e)
        {
            s = a + b;
            double bb = s - a;
            e = (a - (s - bb)) + (b - bb);
        }

        // (ah + al)(bh + bl) rounded once, with an error-free product of the high parts.
        private static double MulDD(double ah, double al, double bh, double bl)
        {
            TwoProduct(ah, bh, out double p, out double e);
            return p + (e + ah * bl + al * bh);
        }

        // Dekker's error-free product: a·b = p + e exactly.
        private static void TwoProduct(double a, double b, out double p, out double e)
        {
            p = a * b;
            Split(a, out double ah, out double al);
            Split(b, out double bh, out double bl);
            e = ((ah * bh - p) + ah * bl + al * bh) + al * bl;
        }

        private static void Split(double a, out double hi, out double lo)
        {
            if (Abs(a) > 6.69692879491417e+299) { a *= 3.7252902984e-09; Split(a, out hi, out lo); hi *= 268435456.0; lo *= 268435456.0; return; }
            double c = 134217729.0 * a; // 2^27 + 1
            hi = c - (c - a);
            lo = a - hi;
        }

        public static double Pow(double x, double y)
        {
            if (y == 0) return 1;
            if (x == 1) return 1;
            if (x != x || y != y) return double.NaN;
            bool yIsInteger = Truncate(y) == y && Abs(y) < 9007199254740992.0;
            bool yIsOdd = yIsInteger && Truncate(y * 0.5) != y * 0.5;
            if (y - y != 0) // y infinite
            {
                double ax = Abs(x);
                if (ax == 1) return 1;
                return (ax > 1) == (y > 0) ? double.PositiveInfinity : 0;
            }
            if (x == 0)
            {
                bool negativeZero = double.IsNegative(x);
                if (y > 0) return yIsOdd && negativeZero ? -0.0 : 0.0;
                return yIsOdd && negativeZero ? double.NegativeInfinity : double.PositiveInfinity;
            }
            if (x - x != 0) // x infinite
            {
                if (x > 0) return y > 0 ? double.PositiveInfinity : 0;
                if (y > 0) return yIsOdd ? double.NegativeInfinity : double.PositiveInfinity;
                return yIsOdd ? -0.0 : 0.0;
            }
            if (x < 0 && !yIsInteger) return double.NaN;
            double ab = Abs(x);
            double result;
            if (yIsInteger && Abs(y) <= 64) result = PowInteger(ab, (int)Abs(y), y < 0);
            else
            {
                LogDD(ab, out double lh, out double ll);
                TwoProduct(y, lh, out double th, out double tl);
                tl += y * ll;
                double t = th + tl;
                tl = (th - t) + tl;
                result = ExpDD(t, tl);
            }
            return x < 0 && yIsOdd ? -result : result;
        }

        // x^n by squaring in double-double (exact whenever the result is representable).
        private static double PowInteger(double x, int n, bool reciprocal)
        {
            double rh = 1, rl = 0, bh = x, bl = 0;
            while (n > 0)
            {
                if ((n & 1) != 0) MulDDFull(ref rh, ref rl, bh, bl);
                n >>= 1;
                if (n > 0) MulDDFull(ref bh, ref bl, bh, bl);
            }
            if (!reciprocal) return rh + rl;
            // 1/(rh+rl): q = 1/rh, corrected by the remainder.
            double q = 1 / rh;
            TwoProduct(q, rh, out double p, out double e);
            double remainder = (1 - p - e) - q * rl;
            return q + remainder * q;
        }

        private static void MulDDFull(ref double ah, ref double al, double bh, double bl)
        {
            TwoProduct(ah, bh, out double p, out double e);
            e += ah * bl + al * bh;
            double s = p + e;
            al = (p - s) + e;
            ah = s;
        }

        public static double Sinh(double x)
        {
            double a = Abs(x);
            double r;
            if (a < 0.35) { r = a + a * a * a * SinhSeries(a * a); }
            else if (a > 22) r = 0.5 * Exp(a);
            else { double e = Exp(a); r = 0.5 * (e - 1 / e); }
            return x < 0 ? -r : r;
        }

        // (sinh(a) - a)/a³ = 1/3! + a²/5! + a⁴/7! + ...
        private static double SinhSeries(double z)
            => 1.0 / 6 + z * (1.0 / 120 + z * (1.0 / 5040 + z * (1.0 / 362880 + z * (1.0 / 39916800 + z * (1.0 / 6227020800.0)))));

        public static double Cosh(double x)
        {
            double a = Abs(x);
            if (a > 22) return 0.5 * Exp(a);
            double e = Exp(a);
            return 0.5 * (e + 1 / e);
        }

        public static double Tanh(double x)
        {
            double a = Abs(x);
            double r;
            if (a > 22) r = 1;
            else if (a < 0.35) { double s = Sinh(a); r = s / Sqrt(1 + s * s); }
            else { double e2 = Exp(2 * a); r = 1 - 2 / (e2 + 1); }
            return x < 0 ? -r : r;
        }
    }
}
