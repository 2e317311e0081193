// System.Math for the rich profile, written from the textbook methods: Cody-Waite argument
// reduction with π/2 in three 33-bit pieces, Taylor/odd-series kernels evaluated in Horner form,
// double-double (error-free sums and products) where a result needs more than 53 bits.
// Documented accuracy, checked against the host's .NET by tests/Bulkhead.Tests/RichTextTests.cs
// (its Functions table; same results on ARM64/QEMU and x64/Bochs):
//   exact (0 ulp): Sqrt, Floor, Ceiling, Round, Truncate, Abs, Min, Max, Pow with integer |y| ≤ 64
//   ≤ 1 ulp: Sin, Cos, Atan, Exp, Log            ≤ 2 ulp: Tan, Asin, Acos, Atan2, Log10, Log2,
//   Pow (|y·ln x| ≤ 50; the error grows about |y·ln x|·2^-56 beyond), Sinh, Cosh, Tanh (measured ≤ 2).
// Sin/Cos/Tan reduce exactly only for |x| < 2^19·π/2 (about 823,000); beyond that they lose
// accuracy (no Payne-Hanek reduction). MathF rounds the double result once.
using System.Runtime.CompilerServices;

namespace System
{
    public enum MidpointRounding { ToEven = 0, AwayFromZero = 1, ToZero = 2, ToNegativeInfinity = 3, ToPositiveInfinity = 4 }

    public static unsafe partial class Math
    {
        public const double PI = 3.141592653589793;
        public const double E = 2.718281828459045;
        public const double Tau = 6.283185307179586;

        private const double PiHi = 3.141592653589793, PiLo = 1.2246467991473532e-16;
        private const double PiO2Hi = 1.5707963267948966, PiO2Lo = 6.123233995736766e-17;
        private const double PiO4Hi = 0.7853981633974483, PiO4Lo = 3.061616997868383e-17;
        private const double PiO2Part1 = 1.5707963267341256, PiO2Part2 = 6.077100506303966e-11;
        private const double PiO2Part3 = 2.0222662487111665e-21, PiO2Part3Tail = 8.4784276603689e-32;
        private const double TwoOverPi = 0.6366197723675814;
        private const double Ln2Hi = 0.6931471805601177, Ln2Lo = -1.7239444525614835e-13; // Ln2Hi: 40 bits
        private const double Ln2 = 0.6931471805599453, InvLn2 = 1.4426950408889634;
        private const double InvLn10Hi = 0.4342944819032518, InvLn10Lo = 1.098319650216765e-17;
        private const double InvLn2Hi = 1.4426950408889634, InvLn2Lo = 2.0355273740931033e-17;

        // ---- bits ----
        private static ulong Bits(double x) => *(ulong*)&x;
        private static double FromBits(ulong b) => *(double*)&b;

        // ---- integer and simple members ----
        public static int Abs(int value) { if (value == int.MinValue) Collections.Generic.ArgumentChecks.InvalidOperation("Negating the minimum value of a twos complement number is invalid."); return value < 0 ? -value : value; }
        public static long Abs(long value) { if (value == long.MinValue) Collections.Generic.ArgumentChecks.InvalidOperation("Negating the minimum value of a twos complement number is invalid."); return value < 0 ? -value : value; }
        public static short Abs(short value) => (short)(value < 0 ? -value : value);
        public static double Abs(double value) => FromBits(Bits(value) & 0x7FFFFFFFFFFFFFFFUL);
        public static float Abs(float value) => (float)Abs((double)value);

        public static int Min(int a, int b) => a <= b ? a : b;
        public static int Max(int a, int b) => a >= b ? a : b;
        public static long Min(long a, long b) => a <= b ? a : b;
        public static long Max(long a, long b) => a >= b ? a : b;
        public static uint Min(uint a, uint b) => a <= b ? a : b;
        public static uint Max(uint a, uint b) => a >= b ? a : b;
        public static ulong Min(ulong a, ulong b) => a <= b ? a : b;
        public static ulong Max(ulong a, ulong b) => a >= b ? a : b;
        public static byte Min(byte a, byte b) => a <= b ? a : b;
        public static byte Max(byte a, byte b) => a >= b ? a : b;

        // .NET: NaN if either is NaN; +0 is larger than -0.
        public static double Max(double a, double b)
        {
            if (a != a || b != b) return double.NaN;
            if (a == b) return double.IsNegative(a) ? b : a;
            return a > b ? a : b;
        }

        public static double Min(double a, double b)
        {
            if (a != a || b != b) return double.NaN;
            if (a == b) return double.IsNegative(a) ? a : b;
            return a < b ? a : b;
        }

        public static float Max(float a, float b) => (float)Max((double)a, (double)b);
        public static float Min(float a, float b) => (float)Min((double)a, (double)b);

        public static int Sign(int value) => value < 0 ? -1 : value > 0 ? 1 : 0;
        public static int Sign(long value) => value < 0 ? -1 : value > 0 ? 1 : 0;
        public static int Sign(double value)
        {
            if (value != value) Collections.Generic.ArgumentChecks.InvalidOperation("Function does not accept floating point Not-a-Number values.");
            return value < 0 ? -1 : value > 0 ? 1 : 0;
        }

        public static int Clamp(int value, int min, int max) => value < min ? min : value > max ? max : value;
        public static long Clamp(long value, long min, long max) => value < min ? min : value > max ? max : value;
        public static double Clamp(double value, double min, double max) => value < min ? min : value > max ? max : value;

        public static int DivRem(int a, int b, out int result) { result = a % b; return a / b; }
        public static long BigMul(int a, int b) => (long)a * b;

        // ---- square root: the hardware instruction (ILCompiler expands this [Intrinsic]) ----
        [Intrinsic]
        public static double Sqrt(double d) => Sqrt(d);

        public static double Cbrt(double x)
        {
            if (x == 0 || x != x || x - x != 0) return x;
            double a = Abs(x);
            double y = Exp(Log(a) / 3);
            y = y - (y * y * y - a) / (3 * y * y); // one Newton step
            return x < 0 ? -y : y;
        }

        // ---- rounding (bit manipulation: exact, no FP environment needed) ----
        public static double Truncate(double x)
        {
            ulong b = Bits(x);
            int e = (int)((b >> 52) & 0x7FF) - 1023;
            if (e >= 52) return x;                              // integral, infinite or NaN
            if (e < 0) return FromBits(b & 0x8000000000000000UL); // |x| < 1: signed zero
            return FromBits(b & ~((1UL << (52 - e)) - 1));
        }

        public static double Floor(double x)
        {
            double t = Truncate(x);
            return t > x ? t - 1 : t;
        }

        public static double Ceiling(double x)
        {
            double t = Truncate(x);
            if (t < x) return t + 1;
            return t;
        }

        // Round half to even: adding and subtracting 2^52 rounds to an integer in the default
        // rounding mode (to nearest, ties to even).
        public static double Round(double x)
        {
            double a = Abs(x);
            if (!(a < 4503599627370496.0)) return x; // already integral, or NaN/infinity
            double r = (a + 4503599627370496.0) - 4503599627370496.0;
            return FromBits(Bits(r) | (Bits(x) & 0x8000000000000000UL));
        }

        public static double Round(double x, MidpointRounding mode)
        {
            switch (mode)
            {
                case MidpointRounding.ToEven: return Round(x);
                case MidpointRounding.AwayFromZero:
                {
                    double t = Truncate(x);
                    if (Abs(x - t) >= 0.5) t += x < 0 ? -1 : 1;
                    return t;
                }
                case MidpointRounding.ToZero: return Truncate(x);
                case MidpointRounding.ToNegativeInfinity: return Floor(x);
                default: return Ceiling(x);
            }
        }

        public static double Round(double x, int digits) => Round(x, digits, MidpointRounding.ToEven);

        public static double Round(double x, int digits, MidpointRounding mode)
        {
            if ((uint)digits > 15) Collections.Generic.ArgumentChecks.OutOfRange("digits");
            if (Abs(x) >= 1e16) return x;
            double power = 1;
            for (int i = 0; i < digits; i++) power *= 10;
            return Round(x * power, mode) / power;
        }

        public static float Round(float x) => (float)Round((double)x);
        public static float Floor(float x) => (float)Floor((double)x);
        public static float Ceiling(float x) => (float)Ceiling((double)x);
        public static float Truncate(float x) => (float)Truncate((double)x);

        public static double IEEERemainder(double x, double y) => x - y * Round(x / y);
        public static double CopySign(double x, double y) => FromBits((Bits(x) & 0x7FFFFFFFFFFFFFFFUL) | (Bits(y) & 0x8000000000000000UL));

        public static double ScaleB(double x, int n)
        {
            // Multiply by 2^n in steps that stay normal, so subnormal results round once.
            while (n > 1023) { x *= FromBits(0x7FE0000000000000UL); n -= 1023; if (x - x != 0) return x; }
            while (n < -1022) { x *= FromBits(0x0010000000000000UL) * FromBits(0x4340000000000000UL); n += 1022 - 53; if (x == 0) return x; }
            return x * FromBits((ulong)(n + 1023) << 52);
        }
    }
}
