// The differential test's program (tests/Bulkhead.Tests/RichDifferentialTests.cs): ordinary C# that
// exercises every feature of the rich profile and prints what it computed, one fact per line. The
// test runs it in a domain (QEMU, -icount) and on the host's .NET (`bulkhead run --host`) and
// compares the lines one by one. Nothing here depends on time, addresses or hash codes; the only
// lines that may differ start with '~' (measurements: heap bytes) and are compared up to their ':'.
using System;
using System.Collections.Generic;
using System.Text;
using Bulkhead.Guest;
using Console = Bulkhead.Guest.Console;

public static class Program
{
    public static void Main()
    {
        Console.WriteLine("rich-diff: start");
        Collections();
        Text();
        Doubles();
        MathResults();
        Exceptions();
        Lambdas();
        Interfaces();
        Records();
        Console.WriteLine($"~ heap: {GC.GetTotalMemory(forceFullCollection: true)} bytes");

        // A lambda on the timer: the last section runs from the virtual-timer interrupt.
        int ticks = 0;
        Time.Every(20, () =>
        {
            ticks++;
            Console.WriteLine($"tick {ticks}");
            if (ticks == 3)
            {
                Console.WriteLine("rich-diff: end");
                Domain.PowerOff();
            }
        });
        while (true) Interrupts.WaitForInterrupt();
    }

    static IEnumerable<int> Evens(int limit)
    {
        for (int i = 0; i <= limit; i += 2) yield return i;
    }

    static void Collections()
    {
        int evens = 0;
        foreach (int e in Evens(10)) evens += e;
        Console.WriteLine($"iterator: sum of evens to 10 = {evens}");
        var list = new List<int> { 5, 3, 9, 1 };
        list.Add(7);
        list.Insert(0, 4);
        list.Remove(9);
        list.Sort();
        Console.WriteLine($"list: {string.Join(",", list)} count={list.Count} has7={list.Contains(7)} indexOf5={list.IndexOf(5)}");

        var ages = new Dictionary<string, int> { ["ada"] = 36, ["alan"] = 41 };
        ages["grace"] = 85;
        ages["ada"] += 1;
        bool found = ages.TryGetValue("alan", out int alan);
        Console.WriteLine($"dict: count={ages.Count} ada={ages["ada"]} alan={alan} found={found} missing={ages.ContainsKey("bob")} removed={ages.Remove("grace")}");

        var queue = new Queue<string>();
        queue.Enqueue("a"); queue.Enqueue("b"); queue.Enqueue("c");
        string first = queue.Dequeue();
        Console.WriteLine($"queue: first={first} peek={queue.Peek()} count={queue.Count}");

        var set = new HashSet<int>();
        int added = 0;
        foreach (int n in new[] { 1, 2, 2, 3, 3, 3 }) if (set.Add(n)) added++;
        Console.WriteLine($"set: added={added} count={set.Count} has2={set.Contains(2)} has4={set.Contains(4)}");

        Span<int> span = stackalloc int[4];
        for (int i = 0; i < span.Length; i++) span[i] = i * i;
        ReadOnlySpan<char> word = "bulkhead".AsSpan(4);
        Console.WriteLine($"span: {span[3]} slice={span.Slice(1, 2).Length} word={word.ToString()}");

        // foreach over an IEnumerable<T> (interface dispatch) and over a List<T> (its struct enumerator).
        IEnumerable<int> sequence = list;
        int sum = 0;
        foreach (int n in sequence) sum += n;
        Console.WriteLine($"enumerable: sum={sum}");
    }

    static void Text()
    {
        var sb = new StringBuilder();
        for (int i = 0; i < 5; i++) sb.Append(i).Append(i < 4 ? "-" : "");
        sb.Append('!');
        Console.WriteLine($"builder: {sb} length={sb.Length}");
        Console.WriteLine(string.Format("format: {0} + {1} = {2}", 2, 3, 2 + 3));
        Console.WriteLine($"align: [{42,6}] [{"left",-6}] hex={255:X4} n={1234567.891:N2}");
        Console.WriteLine($"parse: {int.Parse("-123")} {long.Parse("9000000000")} {double.Parse("2.5e-3")} {int.TryParse("12a", out int bad)} {bad}");
    }

    static void Doubles()
    {
        // Shortest round-trip output (.NET Core 3.0 and later) for the awkward cases...
        double[] extremes = { double.MaxValue, double.MinValue, double.Epsilon, 5e-324 * 3, 1e21, 1e-7, 1.5e300 * 1.5e10, -0.0 };
        foreach (var v in extremes) Console.WriteLine($"double: {v} R={v:R}");
        // ...and the common format strings on everyday values.
        double[] values = { 0.1 + 0.2, 1.0 / 3, 2.0 / 3, 123456789.125, 100, -2.5, 0.000123 };
        foreach (var v in values) Console.WriteLine($"double: {v} F3={v:F3} E2={v:E2} G5={v:G5} N1={v:N1}");
        float f = 1.1f;
        Console.WriteLine($"float: {f} {f * 3} {(float)(1.0 / 3)} {float.MaxValue}");
        Console.WriteLine($"special: {double.NaN} {double.PositiveInfinity} {double.NegativeInfinity}");
    }

    static void MathResults()
    {
        // Printed with 10 decimals: results within the documented ulp tolerance agree at this precision.
        Console.WriteLine($"math: sqrt2={Math.Sqrt(2):F10} sin1={Math.Sin(1):F10} cos1={Math.Cos(1):F10} tan1={Math.Tan(1):F10}");
        Console.WriteLine($"math: exp1={Math.Exp(1):F10} ln10={Math.Log(10):F10} log10={Math.Log10(2):F10} pow={Math.Pow(2, 0.5):F10} atan2={Math.Atan2(1, 2):F10}");
        Console.WriteLine($"math: abs={Math.Abs(-3.5)} min={Math.Min(2, -7)} max={Math.Max(2.5, 9.25)} round={Math.Round(2.5)},{Math.Round(3.5)},{Math.Round(-2.5)} floor={Math.Floor(-1.5)} ceiling={Math.Ceiling(1.2)}");
        Console.WriteLine($"math: sqrt-exact={Math.Sqrt(144)} pow-exact={Math.Pow(2, 10)} round2={Math.Round(1.23456, 2)}");
    }

    static void Exceptions()
    {
        var order = new StringBuilder();
        try
        {
            try
            {
                order.Append("try,");
                throw new InvalidOperationException("inner");
            }
            finally { order.Append("finally,"); }
        }
        catch (InvalidOperationException e) when (e.Message == "inner") { order.Append($"caught InvalidOperationException: {e.Message}"); }
        Console.WriteLine($"exceptions: {order}");

        try { int.Parse("twelve"); }
        catch (FormatException) { Console.WriteLine("exceptions: parse -> FormatException"); }

        int[] small = new int[2];
        int index = 5;
        try { small[index] = 1; }
        catch (IndexOutOfRangeException) { Console.WriteLine("exceptions: index -> IndexOutOfRangeException"); }

        // No null dereference here: on ARM64 a guest maps page 0, so reading through null is not a
        // fault the runtime can turn into NullReferenceException (corelib-rich/Exceptions/README.md).

        try { Validate(-1); }
        catch (ArgumentOutOfRangeException e) { Console.WriteLine($"exceptions: argument -> ArgumentOutOfRangeException ({e.ParamName})"); }

        try { throw new SensorException("sensor 7 failed", 7); }
        catch (Exception e) when (e is SensorException { Code: 7 }) { Console.WriteLine($"exceptions: custom -> {e.Message} code {((SensorException)e).Code}"); }

        using (var resource = new Resource("r1")) { Console.WriteLine($"using: inside {resource.Name}"); }

        int divisor = 0;
        try { Console.WriteLine((10 / divisor).ToString()); }
        catch (DivideByZeroException) { Console.WriteLine("exceptions: divide -> DivideByZeroException"); }

        try { checked { int big = int.MaxValue; big += index; } }
        catch (OverflowException) { Console.WriteLine("exceptions: overflow -> OverflowException"); }
    }

    static void Validate(int value)
    {
        if (value < 0) throw new ArgumentOutOfRangeException(nameof(value));
    }

    static void Lambdas()
    {
        int counter = 0;
        Action increment = () => counter++;
        for (int i = 0; i < 3; i++) increment();
        Func<int, int> square = x => x * x;
        Func<int, int> plusOne = x => x + 1;
        Func<int, int> composed = x => plusOne(square(x));
        Predicate<string> isLong = s => s.Length > 3;
        var actions = new List<Action>();
        var log = new StringBuilder();
        for (int i = 0; i < 3; i++) { int copy = i; actions.Add(() => log.Append(copy)); }
        foreach (var a in actions) a();
        Action multicast = () => log.Append('a');
        multicast += () => log.Append('b');
        multicast();
        var words = new List<string> { "pear", "fig", "apple" };
        words.Sort((a, b) => a.Length.CompareTo(b.Length));
        Console.WriteLine($"lambdas: counter={counter} composed={composed(4)} long={isLong("bulkhead")},{isLong("hv")} captured={log} sorted={string.Join(",", words)}");
        Func<string, bool> startsWithA = w => w.StartsWith("a");
        string found = "";
        foreach (var w in words) if (startsWithA(w)) { found = w; break; }
        Console.WriteLine($"lambdas: found={found}");
    }

    static void Interfaces()
    {
        var shapes = new List<IShape> { new Circle(1.5), new Square(2), new Circle(0.5) };
        double total = 0;
        foreach (IShape s in shapes) total += s.Area();
        Console.WriteLine($"interfaces: {shapes.Count} shapes, total area {total:F4}, first {shapes[0].Describe()}");
        object boxed = new Square(3);
        if (boxed is IShape shape) Console.WriteLine($"interfaces: cast -> {shape.Describe()}");
        var points = new List<Point> { new(3, 1), new(1, 2), new(2, 0) };
        points.Sort();
        Console.WriteLine($"interfaces: sorted {string.Join(" ", points)} equal={new Point(1, 2).Equals(points[0])}");
        Console.WriteLine($"interfaces: generic {Largest(new[] { 4, 9, 2 })} {Largest(new[] { new Point(1, 5), new Point(2, 0), new Point(1, 9) })}");
    }

    static T Largest<T>(T[] items) where T : IComparable<T>
    {
        T best = items[0];
        foreach (var item in items) if (item.CompareTo(best) > 0) best = item;
        return best;
    }

    static void Records()
    {
        var a = new Reading("temp", 21.5);
        var b = a with { Value = 22.25 };
        var c = new Reading("temp", 21.5);
        Console.WriteLine($"records: {a} {b} equal={a == c} same={ReferenceEquals(a, c)} changed={a != b}");
        byte[] bytes = { 1, 2, 250 };
        int[] ints = new[] { 5, -6, 70000 };
        double[] doubles = { 0.5, 1e-3 };
        Console.WriteLine($"initializers: {bytes[0] + bytes[1] + bytes[2]} {ints[0] + ints[1] + ints[2]} {doubles[0] + doubles[1]}");
        Console.WriteLine($"types: {new Circle(1).GetType().Name} {typeof(Reading).FullName} {new object()} {typeof(Circle) == new Circle(2).GetType()} {new System.Collections.Generic.KeyNotFoundException().GetType().Namespace}");
    }
}

public interface IShape
{
    double Area();
    string Describe();
}

public sealed class Circle : IShape
{
    private readonly double _radius;
    public Circle(double radius) => _radius = radius;
    public double Area() => Math.PI * _radius * _radius;
    public string Describe() => $"circle of area {Area():F2}";
}

public sealed class Square : IShape
{
    private readonly double _side;
    public Square(double side) => _side = side;
    public double Area() => _side * _side;
    public string Describe() => $"square {_side}";
}

public readonly struct Point : IComparable<Point>, IEquatable<Point>
{
    public Point(int x, int y) { X = x; Y = y; }
    public int X { get; }
    public int Y { get; }
    public int CompareTo(Point other) => X != other.X ? X.CompareTo(other.X) : Y.CompareTo(other.Y);
    public bool Equals(Point other) => X == other.X && Y == other.Y;
    public override string ToString() => $"({X},{Y})";
}

public sealed record Reading(string Sensor, double Value);

public sealed class SensorException : Exception
{
    public SensorException(string message, int code) : base(message) => Code = code;
    public int Code { get; }
}

public sealed class Resource : IDisposable
{
    public Resource(string name) { Name = name; Console.WriteLine($"using: open {name}"); }
    public string Name { get; }
    public void Dispose() => Console.WriteLine($"using: dispose {Name}");
}
