// The rich profile's collections and text, run where they matter (tests/systems/rich-text.yaml,
// tests/Bulkhead.Tests/RichTextTests.cs). The guest judges itself with PASS/FAIL lines, then
// prints lines the host checks against its own .NET:
//   D <bits> <double.ToString()>        S <bits> <float.ToString()>
//   F <bits> <format> <double.ToString(format)>
//   P <bits of double.Parse(text)> <text>
//   M <i> <k> <output bits of Math functions k..k+4, in PrintMath's order>: the host regenerates
//     the inputs of round i with the same generator (MathInputs below, copied in RichTextTests.cs).
// The hypervisor limits a domain's console to 4096 bytes/s, so these lines are paced (Emit).
// A domain named "quick..." (tests/systems/x86-rich.yaml: Bochs prints slowly) stops after its
// verdict, without the lines for the host.
using System;
using System.Collections.Generic;
using System.Text;
using Bulkhead.Guest;

public record Point(double X, double Y);

public sealed class Sensor
{
    public string Name = "";
    public int Id;
    public override bool Equals(object? other) => other is Sensor s && s.Id == Id && s.Name == Name;
    public override int GetHashCode() => Id * 31 + Name.GetHashCode();
}

public static class Program
{
    private static int s_passed, s_failed;

    private static void Check(string name, bool ok, string detail)
    {
        if (ok) { s_passed++; Emit("PASS " + name); }
        else { s_failed++; Emit("FAIL " + name + ": " + detail); }
    }

    private static void Same(string name, string actual, string expected)
        => Check(name, actual == expected, "got '" + actual + "', expected '" + expected + "'");

    public static void Main()
    {
        Console.WriteLine("rich-text: start");
        Lists();
        Dictionaries();
        OtherCollections();
        Spans();
        Builders();
        Interpolation();
        StringMembers();
        IntegerText();
        Parsing();
        Records();
        Types();
        MathBasics();
        Emit("rich-text: done, " + s_passed.ToString() + " passed, " + s_failed.ToString() + " failed");
        if (Domain.Name.StartsWith("quick")) Domain.PowerOff();
        PrintDoubles();
        PrintFloats();
        PrintFormats();
        PrintParses();
        PrintMath();
        Emit("rich-text: printed");
        Domain.PowerOff();
    }

    private static void Lists()
    {
        var list = new List<int>();
        for (int i = 0; i < 100; i++) list.Add(i * 7 % 100);
        list.Insert(0, -5);
        list.Remove(14);
        list.RemoveAt(1);
        int sum = 0;
        foreach (int v in list) sum += v;
        Check("list-basics", list.Count == 99 && list[0] == -5 && list.Contains(63) && !list.Contains(14) && list.IndexOf(21) == 2 && sum == 4950 - 14 - 5,
            "count " + list.Count.ToString() + " sum " + sum.ToString());
        list.Sort();
        bool sorted = true;
        for (int i = 1; i < list.Count; i++) if (list[i - 1] > list[i]) sorted = false;
        int[] array = list.ToArray();
        Check("list-sort", sorted && array.Length == 99 && array[0] == -5 && array[98] == 99, "not sorted");
        var names = new List<string> { "delta", "alpha", "charlie", "bravo" };
        names.Sort(StringComparer());
        Same("list-sort-comparer", string.Join(",", names.ToArray()), "alpha,bravo,charlie,delta");
        list.Clear();
        Check("list-clear", list.Count == 0, list.Count.ToString());
        var sensors = new List<Sensor>();
        sensors.Add(new Sensor { Name = "a", Id = 1 });
        sensors.Add(new Sensor { Name = "b", Id = 2 });
        Check("list-equals-override", sensors.IndexOf(new Sensor { Name = "b", Id = 2 }) == 1 && !sensors.Contains(new Sensor { Name = "b", Id = 3 }), "IndexOf by Equals");
    }

    private static Comparer<string> StringComparer() => Comparer<string>.Default;

    private static void Dictionaries()
    {
        var counts = new Dictionary<string, int>();
        string[] words = "the quick brown fox jumps over the lazy dog the end".Split(' ');
        foreach (string w in words)
        {
            counts.TryGetValue(w, out int c);
            counts[w] = c + 1;
        }
        Check("dictionary-count", counts.Count == 9 && counts["the"] == 3 && counts["fox"] == 1, counts.Count.ToString());
        Check("dictionary-remove", counts.Remove("fox") && !counts.ContainsKey("fox") && !counts.Remove("fox") && counts.Count == 8, "remove");
        counts.Add("cat", 4);
        int total = 0;
        var keys = new StringBuilder();
        foreach (KeyValuePair<string, int> pair in counts) { total += pair.Value; keys.Append(pair.Key[0]); }
        Check("dictionary-foreach", total == 14 && keys.Length == 9, total.ToString() + " " + keys.ToString());
        int keyLength = 0, valueSum = 0;
        foreach (string k in counts.Keys) keyLength += k.Length;
        foreach (int v in counts.Values) valueSum += v;
        Check("dictionary-keys-values", valueSum == 14 && keyLength > 0, valueSum.ToString());
        var big = new Dictionary<int, long>();
        for (int i = 0; i < 2000; i++) big[i * 31] = (long)i * i;
        bool ok = big.Count == 2000;
        for (int i = 0; i < 2000; i += 7) ok &= big.TryGetValue(i * 31, out long v) && v == (long)i * i;
        for (int i = 0; i < 2000; i += 2) big.Remove(i * 31);
        ok &= big.Count == 1000 && !big.ContainsKey(62) && big.ContainsKey(31);
        Check("dictionary-grow-remove", ok, big.Count.ToString());
        var byPoint = new Dictionary<Point, string>();
        byPoint[new Point(1, 2)] = "a";
        Check("dictionary-record-key", byPoint.ContainsKey(new Point(1, 2)) && !byPoint.ContainsKey(new Point(2, 1)), "record key");
    }

    private static void OtherCollections()
    {
        var q = new Queue<int>();
        for (int i = 0; i < 10; i++) q.Enqueue(i);
        int first = q.Dequeue(), second = q.Dequeue();
        for (int i = 10; i < 20; i++) q.Enqueue(i);
        int n = 0, last = 0;
        foreach (int v in q) { n++; last = v; }
        Check("queue", first == 0 && second == 1 && q.Count == 18 && q.Peek() == 2 && n == 18 && last == 19, q.Count.ToString());
        var s = new Stack<string>();
        s.Push("a"); s.Push("b"); s.Push("c");
        Check("stack", s.Pop() == "c" && s.Peek() == "b" && s.Count == 2, s.Count.ToString());
        var set = new HashSet<int>();
        for (int i = 0; i < 50; i++) set.Add(i % 20);
        Check("hashset", set.Count == 20 && set.Contains(19) && !set.Contains(20) && !set.Add(5) && set.Remove(5) && set.Count == 19, set.Count.ToString());
        Check("equality-comparer", EqualityComparer<int>.Default.Equals(3, 3) && !EqualityComparer<string>.Default.Equals("a", "b")
            && EqualityComparer<double>.Default.Equals(double.NaN, double.NaN) && EqualityComparer<Point>.Default.Equals(new Point(1, 1), new Point(1, 1)), "comparer");
        Check("comparer-default", Comparer<int>.Default.Compare(1, 2) < 0 && Comparer<double>.Default.Compare(2.5, 1) > 0 && Comparer<string>.Default.Compare("b", "a") > 0, "comparer");
        object a = new object(), b = new object();
        Check("object-hash", a.GetHashCode() == a.GetHashCode() && a.GetHashCode() != b.GetHashCode(), "address hash");
    }

    private static void Spans()
    {
        int[] data = new int[10];
        for (int i = 0; i < data.Length; i++) data[i] = i;
        Span<int> span = data;
        Span<int> middle = span.Slice(2, 5);
        middle[0] = 100;
        int sum = 0;
        foreach (int v in middle) sum += v;
        Check("span-slice", data[2] == 100 && middle.Length == 5 && sum == 100 + 3 + 4 + 5 + 6, sum.ToString());
        Span<int> stack = stackalloc int[4];
        middle.Slice(1, 4).CopyTo(stack);
        Check("span-stackalloc-copy", stack[0] == 3 && stack[3] == 6 && stack.ToArray().Length == 4, stack[0].ToString());
        ReadOnlySpan<char> text = "hello world".AsSpan();
        Check("span-string", text.Slice(6).SequenceEqual("world".AsSpan()) && text.IndexOf('w') == 6 && text.Slice(0, 5).ToString() == "hello", "AsSpan");
        ReadOnlySpan<int> ro = data;
        Check("span-readonly", ro.Length == 10 && ro[9] == 9 && ro.IndexOf(100) == 2 && !ro.Contains(2), "readonly");
    }

    private static void Builders()
    {
        var sb = new StringBuilder();
        sb.Append("a").Append('b').Append(12).Append(-7L).Append(2.5).Append(true).AppendLine().AppendLine("x");
        Same("stringbuilder-append", sb.ToString(), "ab12-72.5True\nx\n");
        sb.Clear();
        sb.Append("hello world");
        sb.Insert(5, ",");
        sb.Remove(0, 1);
        sb.Append(' ', 2);
        Same("stringbuilder-edit", sb.ToString() + "|" + sb.Length.ToString(), "ello, world  |13");
        var big = new StringBuilder();
        for (int i = 0; i < 1000; i++) big.Append(i % 10);
        Check("stringbuilder-grow", big.Length == 1000 && big[999] == '9' && big.ToString()[500] == '0', big.Length.ToString());
        sb.Clear();
        sb.AppendFormat("{0}-{1:F1}", 1, 2.25);
        Same("stringbuilder-format", sb.ToString(), "1-2.2");
    }

    private static void Interpolation()
    {
        double x = 3.14159;
        int n = 42;
        Same("interpolation-basic", $"x = {x}, n = {n}", "x = 3.14159, n = 42");
        Same("interpolation-format", $"x = {x:F2} n = {n:X4} {n:D5}", "x = 3.14 n = 002A 00042");
        Same("interpolation-alignment", $"[{n,5}] [{n,-5}] [{x,8:F3}]", "[   42] [42   ] [   3.142]");
        string name = "probe";
        Same("interpolation-string", $"{name}: {1.5e-7} {-0.0} {1e21}", "probe: 1.5E-07 -0 1E+21");
        Same("string-format", string.Format("{0} + {1} = {2,4:F1}", 1, 2.5, 3.5), "1 + 2.5 =  3.5");
        Same("string-format-escapes", string.Format("{{{0}}}", "a"), "{a}");
        Same("concat-double", "v=" + 0.1 + "," + 100.0 + "," + 1.0 / 3, "v=0.1,100,0.3333333333333333");
    }

    private static void StringMembers()
    {
        string csv = " a, b ,,c ";
        string[] parts = csv.Split(',');
        Check("string-split", parts.Length == 4 && parts[1] == " b " && parts[2] == "", parts.Length.ToString());
        string[] clean = csv.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Same("string-split-options", string.Join("|", clean), "a|b|c");
        Same("string-trim", "  x y \t".Trim() + "|" + "xxhixx".Trim('x') + "|" + "  a".TrimStart() + "|" + "b  ".TrimEnd(), "x y|hi|a|b");
        Check("string-search", "hello".Contains("ell") && "hello".IndexOf('l') == 2 && "hello".LastIndexOf('l') == 3 && "hello".IndexOf("lo") == 3
            && "hello".EndsWith("llo") && "hello".StartsWith("he") && !"hello".Contains("z"), "search");
        Same("string-replace", "a-b-c".Replace("-", "--") + "|" + "abc".Replace('b', 'x'), "a--b--c|axc");
        Same("string-case", "Hello World 123".ToUpper() + "|" + "ÀB".ToLowerInvariant(), "HELLO WORLD 123|àb");
        Same("string-pad", "7".PadLeft(3) + "|" + "7".PadLeft(3, '0') + "|" + "ab".PadRight(4, '.') + "|", "  7|007|ab..|");
        Check("string-null-empty", string.IsNullOrEmpty(null) && string.IsNullOrEmpty("") && !string.IsNullOrEmpty("a") && string.IsNullOrWhiteSpace(" \t"), "IsNullOrEmpty");
        Same("string-concat-objects", string.Concat((object)1, (object)"b", (object)2.5), "1b2.5");
        Same("string-substring-insert", "abcdef".Substring(2) + "|" + "abc".Insert(1, "XY") + "|" + "abcdef".Remove(1, 3), "cdef|aXYbc|aef");
        Same("string-ctor", new string('z', 3) + new string(new char[] { 'o', 'k' }), "zzzok");
        Check("string-equality-hash", "abc".Equals((object)"abc") && "abc".GetHashCode() == ("ab" + "c").GetHashCode() && string.Equals("ABC", "abc", StringComparison.OrdinalIgnoreCase), "equals");
    }

    private static void IntegerText()
    {
        Same("int-formats", (-1234567).ToString("N0") + " " + 255.ToString("X") + " " + 255.ToString("x4") + " " + (-5).ToString("D3") + " " + 1234.ToString("F1") + " " + 1234.ToString("E2") + " " + (-1).ToString("X"),
            "-1,234,567 FF 00ff -005 1234.0 1.23E+003 FFFFFFFF");
        Same("long-formats", long.MinValue.ToString() + " " + ulong.MaxValue.ToString("N0") + " " + 0.ToString("P") + " " + 12L.ToString("P1"),
            "-9223372036854775808 18,446,744,073,709,551,615 0.00 % 1,200.0 %");
        Same("double-formats", 1234.5678.ToString("F2") + " " + 1234567.891.ToString("N") + " " + 0.000123.ToString("E3") + " " + 123.456.ToString("G4") + " " + 0.5.ToString("P0") + " " + 2.5.ToString("F0"),
            "1234.57 1,234,567.89 1.230E-004 123.5 50 % 2");
    }

    private static void Parsing()
    {
        Check("int-parse", int.Parse("  -123 ") == -123 && int.TryParse("2147483647", out int max) && max == int.MaxValue
            && !int.TryParse("2147483648", out _) && !int.TryParse("12a", out _) && !int.TryParse("", out _) && int.TryParse("+7", out int plus) && plus == 7, "int");
        Check("long-uint-ulong-parse", long.Parse("-9223372036854775808") == long.MinValue && uint.Parse("4294967295") == uint.MaxValue
            && ulong.Parse("18446744073709551615") == ulong.MaxValue && !uint.TryParse("-1", out _) && !ulong.TryParse("18446744073709551616", out _), "long");
        Check("double-parse", double.Parse("3.25") == 3.25 && double.Parse("-1e-3") == -0.001 && double.Parse("1,234.5") == 1234.5
            && double.TryParse("NaN", out double nan) && nan != nan && double.Parse("-Infinity") == double.NegativeInfinity
            && double.Parse("0.1") == 0.1 && double.Parse("1.7976931348623157E+308") == double.MaxValue && double.Parse("4.9406564584124654E-324") == double.Epsilon
            && !double.TryParse("1.2.3", out _) && !double.TryParse("e5", out _) && double.Parse("1e400") == double.PositiveInfinity && double.Parse("1e-400") == 0, "double");
        Check("float-parse", float.Parse("0.1") == 0.1f && float.Parse("3.4028235E+38") == float.MaxValue && float.Parse("1E-45") == float.Epsilon, "float");
    }

    private static void Records()
    {
        var p = new Point(1.5, 2);
        var q = new Point(1.5, 2);
        var r = p with { Y = 3 };
        Check("record-equality", p == q && p.Equals(q) && !(p == r) && p != r && p.GetHashCode() == q.GetHashCode(), "==");
        Same("record-tostring", p.ToString(), "Point { X = 1.5, Y = 2 }");
        Same("record-with", r.ToString() + " " + p.ToString(), "Point { X = 1.5, Y = 3 } Point { X = 1.5, Y = 2 }");
    }

    // BH1007 (reflection) still flags GetType() in rich services; the rich profile supports
    // GetType() for type identity (corelib-rich/System/Type.cs).
#pragma warning disable BH1007
    private static void Types()
    {
        object boxed = 5, text = "s";
        Check("typeof-gettype", typeof(int) == boxed.GetType() && typeof(string) == text.GetType() && typeof(int) != typeof(long)
            && new Point(0, 0).GetType() == typeof(Point), "types");
    }
#pragma warning restore BH1007

    private static void MathBasics()
    {
        Check("math-rounding", Math.Round(2.5) == 2 && Math.Round(3.5) == 4 && Math.Round(-2.5) == -2 && Math.Round(2.5, MidpointRounding.AwayFromZero) == 3
            && Math.Round(-2.5, MidpointRounding.AwayFromZero) == -3 && Math.Floor(-1.5) == -2 && Math.Ceiling(-1.5) == -1 && Math.Truncate(-1.7) == -1
            && Math.Round(1.23456, 2) == 1.23 && Math.Floor(3.0) == 3, "round");
        Check("math-basics", Math.Abs(-3) == 3 && Math.Abs(-2.5) == 2.5 && Math.Min(3, 4) == 3 && Math.Max(3.5, -1) == 3.5 && Math.Sign(-0.1) == -1
            && Math.Sqrt(16) == 4 && Math.Sqrt(2) == 1.4142135623730951 && Math.Pow(2, 10) == 1024 && Math.Pow(10, 2) == 100 && Math.Log10(1000) == 3
            && Math.Exp(0) == 1 && Math.Log(1) == 0 && Math.Sin(0) == 0 && Math.Cos(0) == 1 && Math.PI == 3.141592653589793, "basics");
        Check("mathf", MathF.Sqrt(4f) == 2f && MathF.Abs(-1.5f) == 1.5f && MathF.Round(2.5f) == 2f, "mathf");
    }

    // ---- lines the host compares ----

    private static ulong s_seed = 0x9E3779B97F4A7C15UL;
    private static ulong Next()
    {
        s_seed ^= s_seed << 13; s_seed ^= s_seed >> 7; s_seed ^= s_seed << 17;
        return s_seed;
    }

    private static string Hex(double d) => BitConverter.DoubleToUInt64Bits(d).ToString("X16");
    private static string Hex(float f) => BitConverter.SingleToUInt32Bits(f).ToString("X8");

    private static List<double> Doubles()
    {
        var values = new List<double>();
        values.Add(0.0); values.Add(-0.0); values.Add(double.NaN); values.Add(double.PositiveInfinity); values.Add(double.NegativeInfinity);
        values.Add(double.MaxValue); values.Add(double.MinValue); values.Add(double.Epsilon); values.Add(2.2250738585072014E-308); values.Add(2.2250738585072009E-308);
        values.Add(0.1); values.Add(0.2); values.Add(0.3); values.Add(1.0 / 3); values.Add(2.0 / 3); values.Add(123.456); values.Add(-60);
        double p = 1;
        for (int i = 0; i <= 308; i++) { values.Add(p); p *= 10; }
        p = 1;
        for (int i = 0; i < 323; i++) { p /= 10; values.Add(p); }
        for (int i = 0; i < 60; i++) values.Add(BitConverter.UInt64BitsToDouble(Next() & 0x000FFFFFFFFFFFFFUL)); // subnormals
        for (int i = 0; i < 100; i++) values.Add((double)(long)(Next() >> (int)(Next() % 64)));          // integers
        for (int i = 0; i < 100; i++) values.Add((double)(long)(Next() % 100000) / 1000);                 // short decimals
        for (int i = 0; i < 1000; i++)
        {
            ulong bits = Next();
            if (((bits >> 52) & 0x7FF) == 0x7FF) continue;
            values.Add(BitConverter.UInt64BitsToDouble(bits));
        }
        for (int i = 1; i < 60; i++) { values.Add(BitConverter.UInt64BitsToDouble((ulong)i << 52)); values.Add(BitConverter.UInt64BitsToDouble(((ulong)(1000 + 17 * i) << 52) | 0xFFFFFFFFFFFFFUL)); }
        return values;
    }

    private static void PrintDoubles()
    {
        List<double> values = Doubles();
        int roundTrips = 0;
        foreach (double d in values)
        {
            string text = d.ToString();
            Emit("D " + Hex(d) + " " + text);
            if (double.TryParse(text, out double back) && (back.Equals(d)) && BitConverter.DoubleToInt64Bits(back) == BitConverter.DoubleToInt64Bits(d)) roundTrips++;
        }
        Emit("rich-text: doubles " + values.Count.ToString() + ", round trips " + roundTrips.ToString());
    }

    private static void PrintFloats()
    {
        var values = new List<float>();
        values.Add(0f); values.Add(-0f); values.Add(float.MaxValue); values.Add(float.Epsilon); values.Add(0.1f); values.Add(1e7f); values.Add(1e8f); values.Add(1e9f); values.Add(16777217f);
        float p = 1;
        for (int i = 0; i <= 38; i++) { values.Add(p); p *= 10; }
        for (int i = 0; i < 40; i++) values.Add(BitConverter.UInt32BitsToSingle((uint)Next() & 0x7FFFFF));
        for (int i = 0; i < 500; i++)
        {
            uint bits = (uint)Next();
            if (((bits >> 23) & 0xFF) == 0xFF) continue;
            values.Add(BitConverter.UInt32BitsToSingle(bits));
        }
        int roundTrips = 0;
        foreach (float f in values)
        {
            string text = f.ToString();
            Emit("S " + Hex(f) + " " + text);
            if (float.TryParse(text, out float back) && BitConverter.SingleToInt32Bits(back) == BitConverter.SingleToInt32Bits(f)) roundTrips++;
        }
        Emit("rich-text: floats " + values.Count.ToString() + ", round trips " + roundTrips.ToString());
    }

    private static void PrintFormats()
    {
        string[] formats = { "F0", "F2", "F6", "E", "E3", "G", "G3", "G17", "N", "N0", "P", "R", "e10", "F20" };
        List<double> values = Doubles();
        for (int i = 0; i < values.Count; i += 7)
        {
            double d = values[i];
            if (Math.Abs(d) > 1e30 && d - d == 0) continue; // keep F lines short
            string format = formats[i % formats.Length];
            Emit("F " + Hex(d) + " " + format + " " + d.ToString(format));
        }
    }

    private static void PrintParses()
    {
        string[] texts = { "0.1", "1e23", "8.98846567431158e307", "2.2250738585072011e-308", "2.4703282292062327e-324", "2.4703282292062328e-324",
            "9007199254740993", "1.00000000000000011102230246251565404236316680908203125", "123456789012345678901234567890", "0.000001", "-7.5e-10",
            "17976931348623158e292", "1.7976931348623158e308", "4.9e-324", "3.14159265358979323846264338327950288", "1,000,000.25", "  42  ", ".5", "5." };
        foreach (string t in texts)
        {
            bool ok = double.TryParse(t, out double d);
            Emit("P " + (ok ? Hex(d) : "fail") + " " + t);
        }
        for (int i = 0; i < 120; i++)
        {
            // random digit strings with exponents
            ulong digits = Next() % 100000000000000000UL;
            int exponent = (int)(Next() % 600) - 300;
            string t = digits.ToString() + "e" + exponent.ToString();
            bool ok = double.TryParse(t, out double d);
            Emit("P " + (ok ? Hex(d) : "fail") + " " + t);
        }
    }

    // Inputs of Math round i: a generator the host test repeats exactly (RichTextTests.MathInputs).
    public static void MathInputs(ref ulong seed, out double u, out double wide, out double positive, out double small, out double exponent, out double logInput)
    {
        seed ^= seed << 13; seed ^= seed >> 7; seed ^= seed << 17;
        u = (double)(seed >> 11) / 9007199254740992.0;              // [0, 1)
        wide = (u - 0.5) * 200;                                      // [-100, 100)
        positive = u * 1000 + 1e-3;
        small = (u - 0.5) * 2;                                       // [-1, 1)
        exponent = (u - 0.5) * 1400;                                 // [-700, 700)
        seed ^= seed << 13; seed ^= seed >> 7; seed ^= seed << 17;
        logInput = BitConverter.UInt64BitsToDouble((seed % 0x7FE0000000000000UL) + 0x0010000000000000UL); // any positive normal
    }

    public const int MathRounds = 150;

    private static void PrintMath()
    {
        ulong seed = 0x2545F4914F6CDD1DUL;
        var line = new StringBuilder();
        for (int i = 0; i < MathRounds; i++)
        {
            MathInputs(ref seed, out double u, out double wide, out double positive, out double small, out double exponent, out double logInput);
            double[] results =
            {
                Math.Sin(wide), Math.Cos(wide), Math.Tan(wide), Math.Sin(exponent * 1000), Math.Asin(small), Math.Acos(small),
                Math.Atan(wide), Math.Atan2(small, wide), Math.Exp(exponent), Math.Log(logInput), Math.Log(positive),
                Math.Log10(logInput), Math.Log2(positive), Math.Pow(positive, small * 20), Math.Pow(u * 2, (double)(long)(wide / 4)),
                Math.Sqrt(logInput), Math.Sinh(small * 10), Math.Cosh(small * 10), Math.Tanh(small * 5),
                Math.Floor(wide), Math.Ceiling(wide), Math.Round(wide), Math.Truncate(wide),
            };
            // Console lines are limited in length: five results per line, "M <round> <first index> ...".
            for (int k = 0; k < results.Length; k += 5)
            {
                line.Clear();
                line.Append("M ").Append(i).Append(' ').Append(k);
                for (int j = k; j < k + 5 && j < results.Length; j++) line.Append(' ').Append(Hex(results[j]));
                Emit(line.ToString());
            }
        }
    }

    // Paced console output: at most 8 KB at once and 3.5 KB/s after (the hypervisor's limit is
    // 4096 bytes/s with an 8 KB burst; the "[text] " prefix counts too).
    private static ulong s_emitStart, s_emitted;
    private static void Emit(string line)
    {
        if (s_emitStart == 0) s_emitStart = Time.Milliseconds;
        s_emitted += (ulong)line.Length + 8;
        while (s_emitted > 7000 + (Time.Milliseconds - s_emitStart) * 35 / 10) Time.Sleep(20);
        Console.WriteLine(line);
    }
}
