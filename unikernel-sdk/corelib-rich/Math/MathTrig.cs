// Sin, Cos, Tan and the inverse functions. Reduction: x = k·π/2 + r with π/2 in three 33-bit
// pieces plus a tail (k·piece is exact for k < 2^19), r kept as hi + lo; kernels are the Taylor
// series on |r| ≤ π/4 in Horner form. Atan reduces to |t| ≤ 7/16 around atan(0), atan(1/2),
// atan(1), atan(3/2) and π/2 (constants as hi + lo).
namespace System
{
    public static unsafe partial class Math
    {
        private const double Atan05Hi = 0.4636476090008061, Atan05Lo = 2.2698777452961687e-17;
        private const double Atan15Hi = 0.982793723247329, Atan15Lo = 1.3903311031230998e-17;

        // x = k·π/2 + (hi + lo); returns k mod 4.
        private static int Reduce(double x, out double hi, out double lo)
        {
            if (Abs(x) <= PiO4Hi) { hi = x; lo = 0; return 0; }
            double k = Round(x * TwoOverPi);
            double a = x - k * PiO2Part1;  // exact
            double b = k * PiO2Part2;      // exact
            TwoSum(a, -b, out double s, out double e);
            double tail = e - (k * PiO2Part3 + k * PiO2Part3Tail);
            hi = s + tail;
            lo = (s - hi) + tail;
            long n = (long)k;
            return (int)(n & 3);
        }

        // sin(x + y), |x| ≤ π/4 (plus a bit), |y| tiny.
        private static double SinKernel(double x, double y)
        {
            double z = x * x;
            double p = -1.0 / 51090942171709440000.0;                  // -1/21!
            p = 1.0 / 121645100408832000.0 + z * p;                     // 1/19!
            p = -1.0 / 355687428096000.0 + z * p;                       // -1/17!
            p = 1.0 / 1307674368000.0 + z * p;                          // 1/15!
            p = -1.0 / 6227020800.0 + z * p;                           // -1/13!
            p = 1.0 / 39916800.0 + z * p;
            p = -1.0 / 362880.0 + z * p;
            p = 1.0 / 5040.0 + z * p;
            p = -1.0 / 120.0 + z * p;
            p = 1.0 / 6.0 + z * p;        // sin = x - x³·p, p = 1/3! - z/5! + z²/7! - ...
            return x + (y * (1 - 0.5 * z) - x * z * p);
        }

        // cos(x + y), |x| ≤ π/4, |y| tiny.
        private static double CosKernel(double x, double y)
        {
            double z = x * x;
            // cos = 1 - z/2 + z²·c, c = 1/4! - z/6! + z²/8! - ... - z⁹/22!
            double c = -1.0 / 1124000727777607680000.0;
            c = 1.0 / 2432902008176640000.0 + z * c;
            c = -1.0 / 6402373705728000.0 + z * c;
            c = 1.0 / 20922789888000.0 + z * c;
            c = -1.0 / 87178291200.0 + z * c;
            c = 1.0 / 479001600.0 + z * c;
            c = -1.0 / 3628800.0 + z * c;
            c = 1.0 / 40320.0 + z * c;
            c = -1.0 / 720.0 + z * c;
            c = 1.0 / 24.0 + z * c;
            double hz = 0.5 * z;
            double w = 1 - hz;
            return w + (((1 - w) - hz) + (z * z * c - x * y));
        }

        public static double Sin(double x)
        {
            if (x - x != 0) return double.NaN;
            int n = Reduce(x, out double hi, out double lo);
            switch (n)
            {
                case 0: return SinKernel(hi, lo);
                case 1: return CosKernel(hi, lo);
                case 2: return -SinKernel(hi, lo);
                default: return -CosKernel(hi, lo);
            }
        }

        public static double Cos(double x)
        {
            if (x - x != 0) return double.NaN;
            int n = Reduce(x, out double hi, out double lo);
            switch (n)
            {
                case 0: return CosKernel(hi, lo);
                case 1: return -SinKernel(hi, lo);
                case 2: return -CosKernel(hi, lo);
                default: return SinKernel(hi, lo);
            }
        }

        public static double Tan(double x)
        {
            if (x - x != 0) return double.NaN;
            int n = Reduce(x, out double hi, out double lo);
            double s = SinKernel(hi, lo), c = CosKernel(hi, lo);
            return (n & 1) == 0 ? s / c : -c / s;
        }


        // atan(t) - t for |t| ≤ 7/16: -t³/3 + t⁵/5 - ... (26 terms, remainder below 2^-60).
        private static double AtanTail(double t)
        {
            double z = t * t;
            double p = 0;
            for (int n = 26; n >= 1; n--)
                p = ((n & 1) == 1 ? -1.0 : 1.0) / (2 * n + 1) + z * p;
            return t * z * p;
        }

        public static double Atan(double x)
        {
            if (x != x) return x;
            double a = Abs(x);
            double r;
            if (a > 2.4375)
            {
                if (a > 9007199254740992.0) r = PiO2Hi;
                else { double t = -1 / a; r = PiO2Hi + ((AtanTail(t) + PiO2Lo) + t); }
            }
            else if (a > 1.1875) { double t = (a - 1.5) / (1 + 1.5 * a); r = Atan15Hi + ((AtanTail(t) + Atan15Lo) + t); }
            else if (a > 0.6875) { double t = (a - 1) / (a + 1); r = PiO4Hi + ((AtanTail(t) + PiO4Lo) + t); }
            else if (a > 0.4375) { double t = (2 * a - 1) / (2 + a); r = Atan05Hi + ((AtanTail(t) + Atan05Lo) + t); }
            else r = a + AtanTail(a);
            return x < 0 ? -r : r;
        }

        public static double Atan2(double y, double x)
        {
            if (x != x || y != y) return double.NaN;
            bool yNegative = double.IsNegative(y);
            if (y == 0)
            {
                if (!double.IsNegative(x)) return y;                  // ±0
                return yNegative ? -PiHi : PiHi;
            }
            if (x == 0) return yNegative ? -PiO2Hi : PiO2Hi;
            bool xInfinite = x - x != 0, yInfinite = y - y != 0;
            if (xInfinite)
            {
                double r = x > 0 ? (yInfinite ? PiO4Hi : 0.0) : (yInfinite ? 3 * PiO4Hi : PiHi);
                return yNegative ? -r : r;
            }
            if (yInfinite) return yNegative ? -PiO2Hi : PiO2Hi;
            double ratio = Abs(y / x);
            double angle;
            if (x > 0) angle = Atan(ratio);
            else
            {
                double at = Atan(ratio);
                angle = PiHi - (at - PiLo);
            }
            return yNegative ? -angle : angle;
        }

        public static double Asin(double x)
        {
            if (!(Abs(x) <= 1)) return double.NaN;
            if (Abs(x) < 1e-8) return x;
            return Atan2(x, Sqrt((1 - x) * (1 + x)));
        }

        public static double Acos(double x)
        {
            if (!(Abs(x) <= 1)) return double.NaN;
            return Atan2(Sqrt((1 - x) * (1 + x)), x);
        }

        public static double Asinh(double x) => x < 0 ? -Log(-x + Sqrt(x * x + 1)) : Log(x + Sqrt(x * x + 1));
        public static double Acosh(double x) => x < 1 ? double.NaN : Log(x + Sqrt(x * x - 1));
        public static double Atanh(double x) => 0.5 * Log((1 + x) / (1 - x));
    }
}
