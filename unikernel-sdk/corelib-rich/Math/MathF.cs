// MathF: the float functions computed in double and rounded once to float (the double results
// are far more accurate than a float's half ulp, so this is within 1 ulp of float).
namespace System
{
    public static class MathF
    {
        public const float PI = 3.14159265f;
        public const float E = 2.71828183f;

        public static float Sqrt(float x) => (float)Math.Sqrt(x);
        public static float Abs(float x) => Math.Abs(x);
        public static float Min(float a, float b) => Math.Min(a, b);
        public static float Max(float a, float b) => Math.Max(a, b);
        public static float Floor(float x) => (float)Math.Floor(x);
        public static float Ceiling(float x) => (float)Math.Ceiling(x);
        public static float Round(float x) => (float)Math.Round(x);
        public static float Truncate(float x) => (float)Math.Truncate(x);
        public static float Sin(float x) => (float)Math.Sin(x);
        public static float Cos(float x) => (float)Math.Cos(x);
        public static float Tan(float x) => (float)Math.Tan(x);
        public static float Asin(float x) => (float)Math.Asin(x);
        public static float Acos(float x) => (float)Math.Acos(x);
        public static float Atan(float x) => (float)Math.Atan(x);
        public static float Atan2(float y, float x) => (float)Math.Atan2(y, x);
        public static float Exp(float x) => (float)Math.Exp(x);
        public static float Log(float x) => (float)Math.Log(x);
        public static float Log10(float x) => (float)Math.Log10(x);
        public static float Log2(float x) => (float)Math.Log2(x);
        public static float Pow(float x, float y) => (float)Math.Pow(x, y);
        public static float Sinh(float x) => (float)Math.Sinh(x);
        public static float Cosh(float x) => (float)Math.Cosh(x);
        public static float Tanh(float x) => (float)Math.Tanh(x);
    }
}
