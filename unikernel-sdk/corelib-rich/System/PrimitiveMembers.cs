// The rich profile's members of the primitive types: equality and hashing (collections),
// comparison (sorting), .NET's format strings and invariant parsing (failure: FormatException).
using System.Text;

namespace System
{
    public partial struct SByte : IEquatable<sbyte>, IComparable<sbyte>, IComparable
    {
        public const sbyte MinValue = -128;
        public const sbyte MaxValue = 127;
        public override bool Equals(object? obj) => obj is sbyte && Boxes.Value<sbyte>(obj) == m_value;
        public bool Equals(sbyte other) => m_value == other;
        public override int GetHashCode() => m_value;
        public int CompareTo(sbyte other) => m_value < other ? -1 : m_value > other ? 1 : 0;
        public int CompareTo(object? obj) => obj is sbyte ? CompareTo(Boxes.Value<sbyte>(obj)) : 1;

        public string ToString(string? format)
        {
            NumberFormatting.ParseSpecifier(format, out char kind, out int precision);
            if (kind == 'X' || kind == 'x') return NumberFormatting.FormatHex(unchecked((ulong)m_value) & 0xff, kind, precision);
            return NumberFormatting.FormatInteger(m_value < 0 ? unchecked((ulong)(-(long)m_value)) : (ulong)m_value, m_value < 0, format);
        }

        public static bool TryParse(string? s, out sbyte result)
        {
            bool ok = NumberParsing.TryParseInt64(s, MinValue, MaxValue, out long v);
            result = ok ? (sbyte)v : (sbyte)0;
            return ok;
        }

        public static sbyte Parse(string s)
        {
            if (!TryParse(s, out sbyte result)) ParseFailure.Fail(s, "SByte");
            return result;
        }
    }

    public partial struct Byte : IEquatable<byte>, IComparable<byte>, IComparable
    {
        public const byte MinValue = 0;
        public const byte MaxValue = 255;
        public override bool Equals(object? obj) => obj is byte && Boxes.Value<byte>(obj) == m_value;
        public bool Equals(byte other) => m_value == other;
        public override int GetHashCode() => m_value;
        public int CompareTo(byte other) => m_value < other ? -1 : m_value > other ? 1 : 0;
        public int CompareTo(object? obj) => obj is byte ? CompareTo(Boxes.Value<byte>(obj)) : 1;

        public string ToString(string? format)
        {
            NumberFormatting.ParseSpecifier(format, out char kind, out int precision);
            if (kind == 'X' || kind == 'x') return NumberFormatting.FormatHex(m_value, kind, precision);
            return NumberFormatting.FormatInteger(m_value, false, format);
        }

        public static bool TryParse(string? s, out byte result)
        {
            bool ok = NumberParsing.TryParseUnsigned(s, MaxValue, out ulong v);
            result = ok ? (byte)v : (byte)0;
            return ok;
        }

        public static byte Parse(string s)
        {
            if (!TryParse(s, out byte result)) ParseFailure.Fail(s, "Byte");
            return result;
        }
    }

    public partial struct Int16 : IEquatable<short>, IComparable<short>, IComparable
    {
        public const short MinValue = -32768;
        public const short MaxValue = 32767;
        public override bool Equals(object? obj) => obj is short && Boxes.Value<short>(obj) == m_value;
        public bool Equals(short other) => m_value == other;
        public override int GetHashCode() => m_value;
        public int CompareTo(short other) => m_value < other ? -1 : m_value > other ? 1 : 0;
        public int CompareTo(object? obj) => obj is short ? CompareTo(Boxes.Value<short>(obj)) : 1;

        public string ToString(string? format)
        {
            NumberFormatting.ParseSpecifier(format, out char kind, out int precision);
            if (kind == 'X' || kind == 'x') return NumberFormatting.FormatHex(unchecked((ulong)m_value) & 0xffff, kind, precision);
            return NumberFormatting.FormatInteger(m_value < 0 ? unchecked((ulong)(-(long)m_value)) : (ulong)m_value, m_value < 0, format);
        }

        public static bool TryParse(string? s, out short result)
        {
            bool ok = NumberParsing.TryParseInt64(s, MinValue, MaxValue, out long v);
            result = ok ? (short)v : (short)0;
            return ok;
        }

        public static short Parse(string s)
        {
            if (!TryParse(s, out short result)) ParseFailure.Fail(s, "Int16");
            return result;
        }
    }

    public partial struct UInt16 : IEquatable<ushort>, IComparable<ushort>, IComparable
    {
        public const ushort MinValue = 0;
        public const ushort MaxValue = 65535;
        public override bool Equals(object? obj) => obj is ushort && Boxes.Value<ushort>(obj) == m_value;
        public bool Equals(ushort other) => m_value == other;
        public override int GetHashCode() => m_value;
        public int CompareTo(ushort other) => m_value < other ? -1 : m_value > other ? 1 : 0;
        public int CompareTo(object? obj) => obj is ushort ? CompareTo(Boxes.Value<ushort>(obj)) : 1;

        public string ToString(string? format)
        {
            NumberFormatting.ParseSpecifier(format, out char kind, out int precision);
            if (kind == 'X' || kind == 'x') return NumberFormatting.FormatHex(m_value, kind, precision);
            return NumberFormatting.FormatInteger(m_value, false, format);
        }

        public static bool TryParse(string? s, out ushort result)
        {
            bool ok = NumberParsing.TryParseUnsigned(s, MaxValue, out ulong v);
            result = ok ? (ushort)v : (ushort)0;
            return ok;
        }

        public static ushort Parse(string s)
        {
            if (!TryParse(s, out ushort result)) ParseFailure.Fail(s, "UInt16");
            return result;
        }
    }

    public partial struct Int32 : IEquatable<int>, IComparable<int>, IComparable
    {
        public override bool Equals(object? obj) => obj is int && Boxes.Value<int>(obj) == m_value;
        public bool Equals(int other) => m_value == other;
        public override int GetHashCode() => m_value;
        public int CompareTo(int other) => m_value < other ? -1 : m_value > other ? 1 : 0;
        public int CompareTo(object? obj) => obj is int ? CompareTo(Boxes.Value<int>(obj)) : 1;

        public string ToString(string? format)
        {
            NumberFormatting.ParseSpecifier(format, out char kind, out int precision);
            if (kind == 'X' || kind == 'x') return NumberFormatting.FormatHex(unchecked((ulong)m_value) & 0xffffffff, kind, precision);
            return NumberFormatting.FormatInteger(m_value < 0 ? unchecked((ulong)(-(long)m_value)) : (ulong)m_value, m_value < 0, format);
        }

        public static bool TryParse(string? s, out int result)
        {
            bool ok = NumberParsing.TryParseInt64(s, MinValue, MaxValue, out long v);
            result = ok ? (int)v : (int)0;
            return ok;
        }

        public static int Parse(string s)
        {
            if (!TryParse(s, out int result)) ParseFailure.Fail(s, "Int32");
            return result;
        }
    }

    public partial struct UInt32 : IEquatable<uint>, IComparable<uint>, IComparable
    {
        public const uint MinValue = 0;
        public override bool Equals(object? obj) => obj is uint && Boxes.Value<uint>(obj) == m_value;
        public bool Equals(uint other) => m_value == other;
        public override int GetHashCode() => unchecked((int)m_value);
        public int CompareTo(uint other) => m_value < other ? -1 : m_value > other ? 1 : 0;
        public int CompareTo(object? obj) => obj is uint ? CompareTo(Boxes.Value<uint>(obj)) : 1;

        public string ToString(string? format)
        {
            NumberFormatting.ParseSpecifier(format, out char kind, out int precision);
            if (kind == 'X' || kind == 'x') return NumberFormatting.FormatHex(m_value, kind, precision);
            return NumberFormatting.FormatInteger(m_value, false, format);
        }

        public static bool TryParse(string? s, out uint result)
        {
            bool ok = NumberParsing.TryParseUnsigned(s, MaxValue, out ulong v);
            result = ok ? (uint)v : (uint)0;
            return ok;
        }

        public static uint Parse(string s)
        {
            if (!TryParse(s, out uint result)) ParseFailure.Fail(s, "UInt32");
            return result;
        }
    }

    public partial struct Int64 : IEquatable<long>, IComparable<long>, IComparable
    {
        public const long MaxValue = 0x7fffffffffffffff;
        public const long MinValue = unchecked((long)0x8000000000000000);
        public override bool Equals(object? obj) => obj is long && Boxes.Value<long>(obj) == m_value;
        public bool Equals(long other) => m_value == other;
        public override int GetHashCode() => unchecked((int)m_value ^ (int)(m_value >> 32));
        public int CompareTo(long other) => m_value < other ? -1 : m_value > other ? 1 : 0;
        public int CompareTo(object? obj) => obj is long ? CompareTo(Boxes.Value<long>(obj)) : 1;

        public string ToString(string? format)
        {
            NumberFormatting.ParseSpecifier(format, out char kind, out int precision);
            if (kind == 'X' || kind == 'x') return NumberFormatting.FormatHex(unchecked((ulong)m_value) & ulong.MaxValue, kind, precision);
            return NumberFormatting.FormatInteger(m_value < 0 ? unchecked((ulong)(-m_value)) : (ulong)m_value, m_value < 0, format);
        }

        public static bool TryParse(string? s, out long result)
        {
            bool ok = NumberParsing.TryParseInt64(s, MinValue, MaxValue, out long v);
            result = ok ? (long)v : (long)0;
            return ok;
        }

        public static long Parse(string s)
        {
            if (!TryParse(s, out long result)) ParseFailure.Fail(s, "Int64");
            return result;
        }
    }

    public partial struct UInt64 : IEquatable<ulong>, IComparable<ulong>, IComparable
    {
        public const ulong MinValue = 0;
        public override bool Equals(object? obj) => obj is ulong && Boxes.Value<ulong>(obj) == m_value;
        public bool Equals(ulong other) => m_value == other;
        public override int GetHashCode() => unchecked((int)m_value ^ (int)(m_value >> 32));
        public int CompareTo(ulong other) => m_value < other ? -1 : m_value > other ? 1 : 0;
        public int CompareTo(object? obj) => obj is ulong ? CompareTo(Boxes.Value<ulong>(obj)) : 1;

        public string ToString(string? format)
        {
            NumberFormatting.ParseSpecifier(format, out char kind, out int precision);
            if (kind == 'X' || kind == 'x') return NumberFormatting.FormatHex(m_value, kind, precision);
            return NumberFormatting.FormatInteger(m_value, false, format);
        }

        public static bool TryParse(string? s, out ulong result)
        {
            bool ok = NumberParsing.TryParseUnsigned(s, MaxValue, out ulong v);
            result = ok ? (ulong)v : (ulong)0;
            return ok;
        }

        public static ulong Parse(string s)
        {
            if (!TryParse(s, out ulong result)) ParseFailure.Fail(s, "UInt64");
            return result;
        }
    }

    public partial struct Double : IEquatable<double>, IComparable<double>, IComparable
    {
        public const double MinValue = -1.7976931348623157E+308;
        public const double MaxValue = 1.7976931348623157E+308;
        public const double Epsilon = 4.9406564584124654E-324;
        public const double NaN = 0.0 / 0.0;
        public const double PositiveInfinity = 1.0 / 0.0;
        public const double NegativeInfinity = -1.0 / 0.0;
        public const double NegativeZero = -0.0;

        public static bool IsNaN(double d) => d != d;
        public static bool IsInfinity(double d) => d == PositiveInfinity || d == NegativeInfinity;
        public static bool IsPositiveInfinity(double d) => d == PositiveInfinity;
        public static bool IsNegativeInfinity(double d) => d == NegativeInfinity;
        public static bool IsFinite(double d) => d - d == 0;
        public static unsafe bool IsNegative(double d) => *(long*)&d < 0;

        public override bool Equals(object? obj) => obj is double && Equals(Boxes.Value<double>(obj));
        public bool Equals(double other) => m_value == other || (m_value != m_value && other != other);
        public override unsafe int GetHashCode()
        {
            double v = m_value;
            if (v == 0) v = 0; // -0.0 and 0.0 are equal: same hash
            if (v != v) return int.MinValue; // every NaN hashes alike
            long bits = *(long*)&v;
            return unchecked((int)bits ^ (int)(bits >> 32));
        }
        public int CompareTo(double other)
        {
            if (m_value < other) return -1;
            if (m_value > other) return 1;
            if (m_value == other) return 0;
            return m_value != m_value ? (other != other ? 0 : -1) : 1; // NaN sorts first
        }
        public int CompareTo(object? obj) => obj is double ? CompareTo(Boxes.Value<double>(obj)) : 1;

        public override string ToString() => NumberFormatting.FormatDouble(m_value, null);
        public string ToString(string? format) => NumberFormatting.FormatDouble(m_value, format);

        public static bool TryParse(string? s, out double result) => NumberParsing.TryParseFloating(s, false, out result);
        public static double Parse(string s)
        {
            if (!TryParse(s, out double result)) ParseFailure.Fail(s, "Double");
            return result;
        }
    }

    public partial struct Single : IEquatable<float>, IComparable<float>, IComparable
    {
        public const float MinValue = -3.40282347E+38f;
        public const float MaxValue = 3.40282347E+38f;
        public const float Epsilon = 1.401298E-45f;
        public const float NaN = 0.0f / 0.0f;
        public const float PositiveInfinity = 1.0f / 0.0f;
        public const float NegativeInfinity = -1.0f / 0.0f;

        public static bool IsNaN(float f) => f != f;
        public static bool IsInfinity(float f) => f == PositiveInfinity || f == NegativeInfinity;
        public static bool IsFinite(float f) => f - f == 0;
        public static unsafe bool IsNegative(float f) => *(int*)&f < 0;

        public override bool Equals(object? obj) => obj is float && Equals(Boxes.Value<float>(obj));
        public bool Equals(float other) => m_value == other || (m_value != m_value && other != other);
        public override unsafe int GetHashCode()
        {
            float v = m_value;
            if (v == 0) v = 0;
            if (v != v) return int.MinValue;
            return *(int*)&v;
        }
        public int CompareTo(float other)
        {
            if (m_value < other) return -1;
            if (m_value > other) return 1;
            if (m_value == other) return 0;
            return m_value != m_value ? (other != other ? 0 : -1) : 1;
        }
        public int CompareTo(object? obj) => obj is float ? CompareTo(Boxes.Value<float>(obj)) : 1;

        public override string ToString() => NumberFormatting.FormatSingle(m_value, null);
        public string ToString(string? format) => NumberFormatting.FormatSingle(m_value, format);

        public static bool TryParse(string? s, out float result)
        {
            bool ok = NumberParsing.TryParseFloating(s, true, out double wide);
            result = (float)wide;
            return ok;
        }
        public static float Parse(string s)
        {
            if (!TryParse(s, out float result)) ParseFailure.Fail(s, "Single");
            return result;
        }
    }

    public partial struct Boolean : IEquatable<bool>
    {
        public const string TrueString = "True", FalseString = "False";
        public override bool Equals(object? obj) => obj is bool && Boxes.Value<bool>(obj) == m_value;
        public bool Equals(bool other) => m_value == other;
        public override int GetHashCode() => m_value ? 1 : 0;
        public static bool TryParse(string? s, out bool result)
        {
            string t = s == null ? "" : s.Trim();
            result = string.Equals(t, "true", StringComparison.OrdinalIgnoreCase);
            return result || string.Equals(t, "false", StringComparison.OrdinalIgnoreCase);
        }
        public static bool Parse(string s)
        {
            if (!TryParse(s, out bool result)) ParseFailure.Fail(s, "Boolean");
            return result;
        }
    }

    public partial struct Char : IEquatable<char>, IComparable<char>
    {
        public const char MinValue = '\0', MaxValue = '\uffff';
        public override bool Equals(object? obj) => obj is char && Boxes.Value<char>(obj) == m_value;
        public bool Equals(char other) => m_value == other;
        public override int GetHashCode() => m_value | (m_value << 16);
        public int CompareTo(char other) => m_value - other;

        public static bool IsDigit(char c) => c >= '0' && c <= '9';
        public static bool IsLetter(char c) => (uint)((c | 0x20) - 'a') <= 'z' - 'a' || (c >= '\u00C0' && c != '\u00D7' && c != '\u00F7' && c <= '\u024F');
        public static bool IsLetterOrDigit(char c) => IsLetter(c) || IsDigit(c);
        public static bool IsWhiteSpace(char c) => c == ' ' || (c >= '\t' && c <= '\r') || c == '\u00A0' || c == '\u0085' || c == '\u2028' || c == '\u2029' || c == '\u3000' || (c >= '\u2000' && c <= '\u200A');
        public static bool IsUpper(char c) => (c >= 'A' && c <= 'Z') || (c >= '\u00C0' && c <= '\u00DE' && c != '\u00D7');
        public static bool IsLower(char c) => (c >= 'a' && c <= 'z') || (c >= '\u00DF' && c <= '\u00FF' && c != '\u00F7');
        public static bool IsPunctuation(char c) => (c >= '!' && c <= '/' && c != '$' && c != '+') || c == ':' || c == ';' || c == '?' || c == '@' || (c >= '[' && c <= ']') || c == '_' || c == '{' || c == '}';
        // Invariant casing for ASCII and Latin-1 (the rest of Unicode is returned unchanged).
        public static char ToUpperInvariant(char c)
        {
            if (c >= 'a' && c <= 'z') return (char)(c - 32);
            if (c >= '\u00E0' && c <= '\u00FE' && c != '\u00F7') return (char)(c - 32);
            if (c == '\u00FF') return '\u0178';
            return c;
        }
        public static char ToLowerInvariant(char c)
        {
            if (c >= 'A' && c <= 'Z') return (char)(c + 32);
            if (c >= '\u00C0' && c <= '\u00DE' && c != '\u00D7') return (char)(c + 32);
            return c;
        }
        public static char ToUpper(char c) => ToUpperInvariant(c);
        public static char ToLower(char c) => ToLowerInvariant(c);
    }

    /// <summary>A string Parse could not read: .NET's FormatException and message (out-of-range integers too: .NET says OverflowException there).</summary>
    internal static class ParseFailure
    {
        public static void Fail(string? s, string type)
            => throw new FormatException(string.Concat("The input string '", s ?? "", "' was not in a correct format."));
    }
}
