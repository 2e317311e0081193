// The rich profile's dispatch self-test (tests/systems/rich-dispatch.yaml, RichDispatchTests): interface
// calls ILCompiler cannot devirtualize, casts and type tests to interfaces (with generic variance),
// delegates and closures, foreach over IEnumerable<T>, using/IDisposable, IComparable<T>/IEquatable<T>,
// generic virtual and generic interface methods over value types. Every check prints "PASS <name>" or
// "FAIL <name>: <why>"; the done line counts them. After it, a probe of the known gap (generic virtual
// methods over reference types) stops the domain with a clear message. Uses no
// exceptions and no collections (other helpers' features): only its own small test types.
using System;
using System.Collections;
using System.Collections.Generic;
using Bulkhead.Guest;

public interface IShape { int Area(); int Sides { get; } }
public interface INamed { string Name(); }
public interface IPolygon : IShape { int Corners(); }               // interface inheritance
public interface IGreeter { string Greet() => "default-hello"; int Id(); } // default interface method
public interface IUnused { void Nothing(); }

public sealed class Square : IPolygon, INamed
{
    private readonly int side;
    public Square(int side) { this.side = side; }
    public int Area() => side * side;
    public int Sides => 4;
    public int Corners() => 4;
    public string Name() => "square";
}

public class Rect : IShape
{
    protected readonly int w, h;
    public Rect(int w, int h) { this.w = w; this.h = h; }
    public virtual int Area() => w * h;
    public int Sides => 4;
}

public sealed class DoubleRect : Rect              // overrides the class method that implements the interface
{
    public DoubleRect(int w, int h) : base(w, h) { }
    public override int Area() => 2 * w * h;
}

public struct Tri : IShape, INamed                 // a struct, called boxed through the interface
{
    public int B, H;
    public int Area() => B * H / 2;
    public int Sides => 3;
    public string Name() => "tri";
}

public sealed class Plain : IGreeter { public int Id() => 1; }
public sealed class Custom : IGreeter { public int Id() => 2; public string Greet() => "custom-hello"; }
public sealed class Quiet : IGreeter { public int Id() => 3; }
public class Loud : IGreeter { public int Id() => 4; public virtual string Greet() => "LOUD"; }

public abstract class Animal { public abstract string Speak(); public virtual string Kind() => "animal"; }
public sealed class Dog : Animal { public override string Speak() => "woof"; public override string Kind() => "dog"; }
public sealed class Cat : Animal { public override string Speak() => "meow"; }

// Generic virtual methods: on a class and on an interface.
public class Visitor { public virtual string Visit<T>(T value) => string.Concat("base:", value!.ToString()); }
public sealed class CountingVisitor : Visitor { public override string Visit<T>(T value) => string.Concat("derived:", value!.ToString()); }
public class InheritingVisitor : Visitor { }
public struct Pair { public int A, B; public override string ToString() => string.Concat(A.ToString(), ",", B.ToString()); }
public interface IConverter { string Convert<T>(T value); }
public sealed class TagConverter : IConverter { public string Convert<T>(T value) => string.Concat("tagged:", value!.ToString()); }
public struct CountConverter : IConverter { public int Calls; public string Convert<T>(T value) => string.Concat("counted:", value!.ToString()); }

// A custom IEnumerable<T>: the numbers from..to, with a Dispose witness.
public sealed class Range : IEnumerable<int>
{
    public static int Disposed;
    private readonly int from, to;
    public Range(int from, int to) { this.from = from; this.to = to; }
    public IEnumerator<int> GetEnumerator() => new Enumerator(from, to);
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private sealed class Enumerator : IEnumerator<int>
    {
        private readonly int to;
        private int current;
        public Enumerator(int from, int to) { current = from - 1; this.to = to; }
        public int Current => current;
        object IEnumerator.Current => current;
        public bool MoveNext() => ++current <= to;
        public void Reset() { }
        public void Dispose() { Disposed++; }
    }
}

// A second and third IEnumerable<int>: with several implementers ILCompiler cannot devirtualize foreach.
public sealed class Countdown : IEnumerable<int>
{
    private readonly int from;
    public Countdown(int from) { this.from = from; }
    public IEnumerator<int> GetEnumerator() => new Enumerator(from);
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private sealed class Enumerator : IEnumerator<int>
    {
        private int current;
        public Enumerator(int from) { current = from + 1; }
        public int Current => current;
        object IEnumerator.Current => current;
        public bool MoveNext() => --current > 0;
        public void Reset() { }
        public void Dispose() { Range.Disposed += 100; }
    }
}

public struct Repeat : IEnumerable<int>, IEnumerator<int>     // a struct enumerable, boxed
{
    public int Value, Times, done;
    public IEnumerator<int> GetEnumerator() => this;
    IEnumerator IEnumerable.GetEnumerator() => this;
    public int Current => Value;
    object IEnumerator.Current => Value;
    public bool MoveNext() => done++ < Times;
    public void Reset() { done = 0; }
    public void Dispose() { }
}

// Variance: sequences of strings used as sequences of objects (out T), comparers of objects used as
// comparers of strings (in T). Two of each, so ILCompiler cannot devirtualize.
public sealed class Words : IEnumerable<string>
{
    private readonly string a, b;
    public Words(string a, string b) { this.a = a; this.b = b; }
    public IEnumerator<string> GetEnumerator() => new Enumerator(a, b);
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private sealed class Enumerator : IEnumerator<string>
    {
        private readonly string a, b;
        private int index = -1;
        public Enumerator(string a, string b) { this.a = a; this.b = b; }
        public string Current => index == 0 ? a : b;
        object IEnumerator.Current => Current;
        public bool MoveNext() => ++index < 2;
        public void Reset() { index = -1; }
        public void Dispose() { }
    }
}

public sealed class Single : IEnumerable<string>, IEnumerator<string>
{
    private readonly string item;
    private bool done;
    public Single(string item) { this.item = item; }
    public IEnumerator<string> GetEnumerator() => this;
    IEnumerator IEnumerable.GetEnumerator() => this;
    public string Current => item;
    object IEnumerator.Current => item;
    public bool MoveNext() { bool first = !done; done = true; return first; }
    public void Reset() { done = false; }
    public void Dispose() { }
}

public sealed class LengthOrder : IComparer<object> { public int Compare(object? x, object? y) => ((string)x!).Length - ((string)y!).Length; }
public sealed class ReverseLengthOrder : IComparer<object> { public int Compare(object? x, object? y) => ((string)y!).Length - ((string)x!).Length; }

public sealed class Lease : IDisposable { public static int Released; public void Dispose() { Released++; } }

public sealed class Resource : IDisposable
{
    public static int Open;
    public Resource() { Open++; }
    public void Dispose() { Open--; }
}

public sealed class Version : IComparable<Version>, IEquatable<Version>
{
    public readonly int Major, Minor;
    public Version(int major, int minor) { Major = major; Minor = minor; }
    public int CompareTo(Version? other) => other == null ? 1 : Major != other.Major ? Major - other.Major : Minor - other.Minor;
    public bool Equals(Version? other) => other != null && other.Major == Major && other.Minor == Minor;
}

public struct Money : IEquatable<Money>, IComparable<Money>
{
    public int Cents;
    public bool Equals(Money other) => other.Cents == Cents;
    public int CompareTo(Money other) => Cents - other.Cents;
}

public delegate int BinaryOp(int a, int b);

public sealed class Counter
{
    public int Value;
    public void Add(int n) { Value += n; }
    public event EventHandler? Changed;
    public void Raise() { Changed?.Invoke(this, EventArgs.Empty); }
}

public static class Program
{
    private static int passed, failed;
    private static string log = "";

    private static void Check(string name, bool ok, string why)
    {
        if (ok) { passed++; Console.WriteLine(string.Concat("PASS ", name)); }
        else { failed++; Console.WriteLine(string.Concat("FAIL ", name, ": ", why)); }
    }

    // Kept out of line so ILCompiler sees only the interface type and cannot devirtualize.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static int AreaOf(IShape s) => s.Area();
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static int SidesOf(IShape s) => s.Sides;
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static object Opaque(object o) => o;
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static int Sum(IEnumerable<int> items) { int s = 0; foreach (int i in items) s += i; return s; }
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static int Compare<T>(IComparable<T> a, T b) => a.CompareTo(b);
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static bool Same<T>(IEquatable<T> a, T b) => a.Equals(b);
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static int Apply(Func<int, int, int> f, int a, int b) => f(a, b);

    private static int Twice(int x) => 2 * x;
    // The truth values of a failed check's parts, e.g. "1 0 1", for its FAIL line.
    private static string Bits(params bool[] parts)
    {
        string s = "";
        for (int i = 0; i < parts.Length; i++) s = string.Concat(s, parts[i] ? "1 " : "0 ");
        return s;
    }
    private static void Log(string s) { log = string.Concat(log, s); }

    public static void Main()
    {
        InterfaceCalls();
        Casts();
        Delegates();
        Enumeration();
        Comparisons();
        Variance();
        GenericVirtualMethods();
        InterfaceCallCost();
        Console.WriteLine(string.Concat("rich-dispatch: done, ", passed.ToString(), " passed, ", failed.ToString(), " failed"));
        // The known gap, shown last because it stops the domain: a generic virtual method instantiated
        // over a reference type runs shared code that needs a generic dictionary, which this runtime
        // does not build; it must fail loudly, not misbehave.
        Console.WriteLine("gvm-probe: calling a generic virtual method over a reference type");
        Visitor shared = (Visitor)Opaque(new CountingVisitor());
        Console.WriteLine(string.Concat("gvm-probe: returned ", shared.Visit("text")));
        Domain.PowerOff();
    }

    // The runtime's own counters prove a check went through interface dispatch cells or the cast
    // helpers (ILCompiler devirtualizes or inlines what it can prove; these tests must not pass that way).
    private static ulong Resolutions => Bulkhead.Runtime.InterfaceDispatch.Resolutions;
    private static ulong CastChecks => System.Runtime.TypeCast.InterfaceChecks;

    private static void InterfaceCalls()
    {
        ulong resolutions = Resolutions, cached = Bulkhead.Runtime.InterfaceDispatch.CachedCells;
        IShape[] shapes = { new Square(3), new Rect(2, 5), new DoubleRect(2, 5), new Tri { B = 4, H = 6 } };
        int[] expected = { 9, 10, 20, 12 };
        bool ok = true; string why = "";
        for (int i = 0; i < shapes.Length; i++)
        {
            int a = AreaOf(shapes[i]);
            if (a != expected[i]) { ok = false; why = string.Concat(why, " #", i.ToString(), "=", a.ToString()); }
        }
        Check("interface-call-classes-and-struct", ok, why);
        int sides = SidesOf(shapes[0]) + SidesOf(shapes[3]);
        Check("interface-property", sides == 7, sides.ToString());
        // The same call site with alternating receivers (a cache must not return the wrong target).
        int total = 0;
        for (int i = 0; i < 40; i++) total += AreaOf(shapes[i & 3]);
        Check("interface-call-site-polymorphic", total == 10 * (9 + 10 + 20 + 12), total.ToString());

        IPolygon p = (IPolygon)Opaque(new Square(2));
        IShape asShape = p;
        Check("interface-inheritance", p.Corners() == 4 && asShape.Area() == 4, p.Corners().ToString());

        IGreeter g1 = (IGreeter)Opaque(new Plain()), g2 = (IGreeter)Opaque(new Custom());
        Check("default-interface-method", g1.Greet() == "default-hello" && g2.Greet() == "custom-hello" && g1.Id() + g2.Id() == 3,
            string.Concat(g1.Greet(), "/", g2.Greet()));

        IGreeter g3 = (IGreeter)Opaque(new Quiet()), g4 = (IGreeter)Opaque(new Loud());
        Check("default-interface-method-four-types", GreetingOf(g1) == "default-hello" && GreetingOf(g2) == "custom-hello"
            && GreetingOf(g3) == "default-hello" && GreetingOf(g4) == "LOUD", string.Concat(GreetingOf(g3), "/", GreetingOf(g4)));

        INamed n1 = (INamed)Opaque(new Square(1)), n2 = (INamed)Opaque(new Tri());
        Check("interface-second-interface", n1.Name() == "square" && n2.Name() == "tri", string.Concat(n1.Name(), "/", n2.Name()));
        ulong used = Resolutions - resolutions, cells = Bulkhead.Runtime.InterfaceDispatch.CachedCells - cached;
        Check("interface-calls-went-through-dispatch-cells", used >= 4 && cells >= 2,
            string.Concat(used.ToString(), " resolutions, ", cells.ToString(), " cells cached"));
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static string GreetingOf(IGreeter g) => g.Greet();

    private static void Casts()
    {
        ulong checks = CastChecks;
        object sq = Opaque(new Square(2)), rect = Opaque(new Rect(1, 1)), tri = Opaque(new Tri { B = 2, H = 2 }), str = Opaque("text");
        Check("is-interface", sq is IShape && sq is IPolygon && sq is INamed && rect is IShape && tri is IShape && tri is INamed, "");
        Check("is-not-interface", !(rect is IPolygon) && !(rect is INamed) && !(str is IShape) && !(sq is IUnused) && !(Opaque(null!) is IShape), "");
        IShape? asOk = sq as IShape; INamed? asNo = rect as INamed;
        Check("as-interface", asOk != null && asOk.Area() == 4 && asNo == null, "");
        IShape cast = (IShape)rect;
        Check("cast-interface", cast.Area() == 1, cast.Area().ToString());
        object? nothing = Opaque(null!);
        IShape? nullCast = (IShape?)nothing;
        Check("cast-null-to-interface", nullCast == null, "");
        object range = Opaque(new Range(1, 2));
        Check("is-generic-interface", range is IEnumerable<int> && range is IEnumerable && !(range is IEnumerable<string>) && !(range is IComparable<int>),
            Bits(range is IEnumerable<int>, range is IEnumerable, range is IEnumerable<string>, range is IComparable<int>));
        object ver = Opaque(new Version(1, 0));
        Check("is-generic-interface-variance", ver is IComparable<Version> && ver is IEquatable<Version>, "");
        object dog = Opaque(new Dog());
        Check("is-class-still-works", dog is Animal && !(dog is IShape) && !(Opaque(new Cat()) is Dog), "");
        Check("casts-went-through-the-runtime", CastChecks - checks >= 4, (CastChecks - checks).ToString());
    }

    private static void Delegates()
    {
        Func<int, int> twice = Twice;
        Check("delegate-static", twice(21) == 42, twice(21).ToString());

        var counter = new Counter();
        Action<int> add = counter.Add;
        add(5); add(7);
        Check("delegate-instance", counter.Value == 12, counter.Value.ToString());

        int captured = 10;
        Func<int, int> plus = x => x + captured;
        captured = 100;                                        // modified after the lambda was created
        Check("lambda-closure-sees-later-writes", plus(1) == 101, plus(1).ToString());
        Action bump = () => captured++;
        bump(); bump();
        Check("lambda-closure-writes-back", captured == 102, captured.ToString());

        Func<int> noCapture = () => 7;
        Func<int, int, int> mul = (a, b) => a * b;
        Check("func-returns-values", noCapture() == 7 && Apply(mul, 6, 7) == 42 && Apply((a, b) => a - b, 9, 4) == 5, "");
        Func<int, int, int, int, int> four = (a, b, c, d) => a * 1000 + b * 100 + c * 10 + d;
        Action<int, int, int, int> four2 = (a, b, c, d) => captured = a + b + c + d;
        four2(1, 2, 3, 4);
        Check("func-action-four-args", four(1, 2, 3, 4) == 1234 && captured == 10, four(1, 2, 3, 4).ToString());

        log = "";
        Action chain = () => Log("a");
        chain += () => Log("b");
        chain += () => Log("c");
        chain();
        Check("multicast-order", log == "abc", log);
        Action onlyB = () => Log("B");
        Action x = () => Log("x");
        Action combined = onlyB + x + onlyB;
        log = "";
        combined -= onlyB;                                      // removes the last occurrence
        combined();
        Check("multicast-remove", log == "Bx", log);
        combined -= x; combined -= onlyB;
        Check("multicast-remove-to-null", combined == null, "");

        Animal a1 = new Dog(), a2 = new Cat();
        Func<string> speak1 = a1.Speak, kind2 = a2.Kind;       // delegates to virtual methods
        Check("delegate-virtual-method", speak1() == "woof" && kind2() == "animal", string.Concat(speak1(), "/", kind2()));

        IShape shape = (IShape)Opaque(new Square(5));
        Func<int> area = shape.Area;                            // delegate to an interface method
        Check("delegate-interface-method", area() == 25, area().ToString());

        Predicate<int> even = v => (v & 1) == 0;
        Comparison<int> cmp = (p, q) => p - q;
        Check("predicate-comparison", even(4) && !even(3) && cmp(3, 5) < 0, "");

        BinaryOp op = (p, q) => p << q;
        Check("custom-delegate-type", op(1, 4) == 16, op(1, 4).ToString());

        int events = 0;
        counter.Changed += (sender, e) => { if (sender == counter) events++; };
        counter.Changed += (sender, e) => events += 10;
        counter.Raise();
        Check("event-handler", events == 11, events.ToString());

        Func<int, int> f1 = Twice;
        Check("delegate-equality", f1.Equals((Func<int, int>)Twice) && !f1.Equals(plus), "");
    }


    private static void Enumeration()
    {
        ulong resolutions = Resolutions;
        Range.Disposed = 0;
        int s = Sum(new Range(1, 10));
        Check("foreach-ienumerable", s == 55, s.ToString());
        Check("foreach-disposes-enumerator", Range.Disposed == 1, Range.Disposed.ToString());
        int c = Sum(new Countdown(4)), rep = Sum(new Repeat { Value = 7, Times = 3 });
        Check("foreach-several-enumerables", c == 10 && rep == 21 && Range.Disposed == 101, string.Concat(c.ToString(), "/", rep.ToString()));
        Check("foreach-went-through-dispatch-cells", Resolutions - resolutions >= 3, (Resolutions - resolutions).ToString());

        Resource.Open = 0;
        using (var r = new Resource())
        {
            Check("using-opens", Resource.Open == 1, Resource.Open.ToString());
        }
        IDisposable d = (IDisposable)Opaque(new Resource());
        using (d) { }
        Check("using-disposes", Resource.Open == 0, Resource.Open.ToString());
        Lease.Released = 0;
        DisposeAll((IDisposable)Opaque(new Lease()), (IDisposable)Opaque(new Resource()), (IDisposable)Opaque(new Lease()));
        Check("using-through-interface", Lease.Released == 2 && Resource.Open == 0, Lease.Released.ToString());
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static void DisposeAll(IDisposable a, IDisposable b, IDisposable c)
    {
        using (a) using (b) using (c) { }
    }

    private static void Comparisons()
    {
        Version v1 = new Version(1, 2), v2 = new Version(1, 3), v3 = new Version(1, 2);
        Check("icomparable-via-interface", Compare(v1, v2) < 0 && Compare(v2, v1) > 0 && Compare(v1, v3) == 0, "");
        Check("iequatable-via-interface", Same(v1, v3) && !Same(v1, v2), "");
        Money m1 = new Money { Cents = 5 }, m2 = new Money { Cents = 9 };
        Check("icomparable-struct-boxed", Compare(m1, m2) < 0 && Same(m1, new Money { Cents = 5 }), "");
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static int TotalLength(IEnumerable<object> items) { int n = 0; foreach (object o in items) n += ((string)o).Length; return n; }
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static int CompareStrings(IComparer<string> c, string a, string b) => c.Compare(a, b);

    private static void Variance()
    {
        ulong checks = CastChecks, resolutions = Resolutions;
        object words = Opaque(new Words("ab", "cde")), single = Opaque(new Single("xyzw"));
        Check("variance-covariant-is", words is IEnumerable<object> && single is IEnumerable<object> && single is IEnumerator<object>
            && !(words is IEnumerable<Animal>) && !(words is IEnumerable<int>),
            Bits(words is IEnumerable<object>, single is IEnumerable<object>, single is IEnumerator<object>, words is IEnumerable<Animal>, words is IEnumerable<int>));
        int total = TotalLength((IEnumerable<object>)words) + TotalLength((IEnumerable<object>)single);
        Check("variance-covariant-foreach", total == 9, total.ToString());
        object shortFirst = Opaque(new LengthOrder()), longFirst = Opaque(new ReverseLengthOrder());
        Check("variance-contravariant-call", shortFirst is IComparer<string> && !(shortFirst is IComparer<int>)
            && CompareStrings((IComparer<string>)shortFirst, "aaa", "b") > 0 && CompareStrings((IComparer<string>)longFirst, "aaa", "b") < 0,
            Bits(shortFirst is IComparer<string>, shortFirst is IComparer<int>));
        Check("variance-went-through-the-runtime", CastChecks - checks >= 3 && Resolutions - resolutions >= 3,
            string.Concat((CastChecks - checks).ToString(), " checks, ", (Resolutions - resolutions).ToString(), " resolutions"));
    }

    // Timings (printed, not judged): a monomorphic interface call site (cached cell), the same site
    // alternating two receiver types (every second call misses the one-entry cache and resolves), a
    // delegate call; each per call including the loop and the out-of-line caller.
    // Generic virtual methods over value types (unshared code, found in ILCompiler's GVM tables).
    private static void GenericVirtualMethods()
    {
        Visitor derived = (Visitor)Opaque(new CountingVisitor()), plain = (Visitor)Opaque(new Visitor()),
            inheriting = (Visitor)Opaque(new InheritingVisitor());
        string a = derived.Visit(1), b = derived.Visit(7L), c = plain.Visit(2), d = inheriting.Visit(new Pair { A = 3, B = 4 });
        Check("generic-virtual-method-override", a == "derived:1" && b == "derived:7", string.Concat(a, " ", b));
        Check("generic-virtual-method-base-and-inherited", c == "base:2" && d == "base:3,4", string.Concat(c, " ", d));
        IConverter tag = (IConverter)Opaque(new TagConverter()), count = (IConverter)Opaque(new CountConverter());
        string e = tag.Convert(5), f = count.Convert(6L);
        Check("generic-interface-method-class-and-struct", e == "tagged:5" && f == "counted:6", string.Concat(e, " ", f));
    }

    private static void InterfaceCallCost()
    {
        IShape s = (IShape)Opaque(new Square(3)), r = (IShape)Opaque(new Rect(1, 2));
        const int N = 100000;
        int acc = 0;
        ulong t0 = Time.Ticks;
        for (int i = 0; i < N; i++) acc += CostSite(s);
        ulong t1 = Time.Ticks;
        for (int i = 0; i < N; i++) acc += CostSite((i & 1) == 0 ? s : r);
        ulong t2 = Time.Ticks;
        Func<int, int> f = Twice;
        for (int i = 0; i < N; i++) acc += f(i);
        ulong t3 = Time.Ticks;
        Console.WriteLine(string.Concat("cost: interface call ", Ns(t1 - t0, N), " ns, alternating types ", Ns(t2 - t1, N),
            " ns, delegate call ", Ns(t3 - t2, N), " ns (", acc.ToString(), ")"));
    }

    private static string Ns(ulong ticks, int n) => (ticks * 1000000000UL / Time.Frequency / (ulong)n).ToString();

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static int CostSite(IShape s) => s.Area();
}
