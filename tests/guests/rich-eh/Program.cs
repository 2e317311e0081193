// Exceptions in a rich service (tests/systems/rich-eh.yaml, tests/Bulkhead.Tests/RichExceptionTests.cs;
// x64: tests/systems/x86-rich.yaml). The guest judges itself: one PASS/FAIL line per case, then
// "rich-eh: done, N passed, M failed". In the domain named "unhandled" it throws an exception nobody
// catches instead: the domain's fatal report names its type and message, and the other domain goes on.
//   two-vcpus                                  both vCPUs of the domain throw and catch at once (cores [0, 2])
//   catch-exact, catch-base, catch-object      a handler is chosen by type, walking base types
//   finally-normal, finally-exceptional        finally runs on both paths
//   nested-order                               inner finally, catch, outer finally run in that order
//   deep-frames, registers-intact              an exception crossing 7 frames; the catcher's caller keeps its register locals
//   rethrow, rethrow-object                    `throw;` rethrows the same object; `throw e;` too
//   filter, filter-throws                      `when` filters choose the handler; a throwing filter counts as false
//   using                                      `using` disposes on the exceptional path, before the catch runs
//   bounds, overflow, divide, cast             run-time checks throw the .NET exceptions
//   throw-null                                 `throw null` is a NullReferenceException (a null dereference is
//                                              not: the guests map page 0, so it is the hypervisor's stage-2/EPT fault)
//   catch-in-catch, finally-replaces           an exception thrown in a catch or a finally is handled further out
//   nested-handlers                            try/catch inside catch and finally handlers
//   finally-throws                             a finally that throws on the normal path
//   generic-exception                          catch (Reading<int>) is not catch (Reading<long>)
//   loop-10k                                   10000 throw/catch rounds leave the stack where it was
//   custom                                     a custom exception class carries its message and fields
//   type-name                                  ToString names the type ("System.InvalidOperationException: ...")
using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using Bulkhead.Guest;

public sealed class SensorFault : Exception
{
    public int Code { get; }
    public SensorFault(string message, int code) : base(message) { Code = code; }
}

public sealed class Resource : IDisposable
{
    private readonly string _name;
    public Resource(string name) { _name = name; }
    public void Dispose() { Program.Trace = string.Concat(Program.Trace, "dispose:", _name, ";"); }
}

public sealed class Reading<T> : Exception
{
    public T Value { get; }
    public Reading(T value) : base("reading") { Value = value; }
}

public static class Station
{
    public sealed class Fault : Exception { public Fault(string message) : base(message) { } }
}

public class Animal { }
public sealed class Dog : Animal { }
public sealed class Cat : Animal { }

public static class Program
{
    public static string Trace = "";
    private static int s_passed, s_failed;

    private static void Check(string name, bool ok, string why)
    {
        if (ok) { s_passed++; Console.WriteLine(string.Concat("PASS ", name)); }
        else { s_failed++; Console.WriteLine(string.Concat("FAIL ", name, ": ", why)); }
    }

    public static void Main()
    {
        if (Domain.Name == "unhandled") Unhandled();

        TwoVcpus();
        CatchByType();
        Finally();
        NestedOrder();
        DeepFrames();
        Rethrow();
        Filters();
        Using();
        RuntimeChecks();
        Nested();
        Loop();
        Custom();
        TypeName();

        Console.WriteLine(string.Concat("rich-eh: done, ", s_passed.ToString(), " passed, ", s_failed.ToString(), " failed"));
        Domain.PowerOff();
    }

    // Both vCPUs throw and catch at once (the first throws of the run: they also race to build the
    // unwinder's index). Dispatch keeps its state on each vCPU's own stack.
    private static uint s_secondaryCaught, s_secondaryDone;
    private const int ParallelRounds = 2000;

    private static unsafe void TwoVcpus()
    {
        if (Domain.VcpuCount < 2 || !Cpus.Start(1, &Secondary))
        {
            Console.WriteLine("SKIP two-vcpus: the domain has one vCPU");
            return;
        }
        int caught = ThrowRounds(ParallelRounds);
        ulong deadline = Time.Milliseconds + 5000;
        while (Volatile.Read(ref s_secondaryDone) == 0 && Time.Milliseconds < deadline) { }
        uint other = Volatile.Read(ref s_secondaryCaught);
        Check("two-vcpus", caught == ParallelRounds && other == ParallelRounds,
            string.Concat("vCPU 0 caught ", caught.ToString(), ", vCPU 1 caught ", other.ToString(), " of ", ParallelRounds.ToString()));
    }

    private static void Secondary(int vcpu)
    {
        Volatile.Write(ref s_secondaryCaught, (uint)ThrowRounds(ParallelRounds));
        Volatile.Write(ref s_secondaryDone, 1);
    }

    private static int ThrowRounds(int rounds)
    {
        int caught = 0;
        for (int i = 0; i < rounds; i++)
        {
            try { Level(i % 5, new SensorFault("parallel", i)); }
            catch (SensorFault e) { if (e.Code == i) caught++; }
            finally { caught += 0; }
        }
        return caught;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Unhandled()
    {
        Console.WriteLine("unhandled: throwing");
        Level(3, new SensorFault("sensor 7 stuck", 7));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int Level(int n, Exception toThrow)
    {
        if (n == 0) throw toThrow;
        return Level(n - 1, toThrow) + 1;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowInvalid(string message) => throw new InvalidOperationException(message);

    private static void CatchByType()
    {
        string got = "none";
        try { ThrowInvalid("exact"); }
        catch (ArgumentException) { got = "argument"; }
        catch (InvalidOperationException e) { got = e.Message; }
        Check("catch-exact", got == "exact", got);

        got = "none";
        try { Level(2, new ArgumentNullException("sensor")); }
        catch (InvalidOperationException) { got = "wrong handler"; }
        catch (ArgumentException e) { got = e.ParamName ?? "no parameter name"; }
        Check("catch-base", got == "sensor", got);

        got = "none";
        try { Level(1, new KeyNotFoundException()); }
        catch { got = "caught"; }
        Check("catch-object", got == "caught", got);
    }

    private static void Finally()
    {
        string trace = "";
        try { trace = string.Concat(trace, "try;"); }
        finally { trace = string.Concat(trace, "finally;"); }
        Check("finally-normal", trace == "try;finally;", trace);

        trace = "";
        try
        {
            try { trace = string.Concat(trace, "try;"); ThrowInvalid("x"); trace = string.Concat(trace, "after;"); }
            finally { trace = string.Concat(trace, "finally;"); }
        }
        catch (InvalidOperationException) { trace = string.Concat(trace, "catch;"); }
        Check("finally-exceptional", trace == "try;finally;catch;", trace);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void InnerWithFinally()
    {
        try { ThrowInvalid("deep"); }
        finally { Trace = string.Concat(Trace, "f1;"); }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void MiddleWithFinally()
    {
        try { InnerWithFinally(); }
        finally { Trace = string.Concat(Trace, "f2;"); }
    }

    private static void NestedOrder()
    {
        Trace = "";
        try
        {
            try { MiddleWithFinally(); }
            catch (InvalidOperationException) { Trace = string.Concat(Trace, "catch;"); }
            finally { Trace = string.Concat(Trace, "f3;"); }
            Trace = string.Concat(Trace, "after;");
        }
        finally { Trace = string.Concat(Trace, "f4;"); }
        Check("nested-order", Trace == "f1;f2;catch;f3;after;f4;", Trace);
    }

    // Seven frames deep, each with callee-saved values it needs after its call.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static long Deep(int n, long salt)
    {
        long a = salt * 3 + n, b = salt ^ 0x5A5A, c = salt + 1000;
        if (n == 0) throw new SensorFault("deep", (int)(salt & 0xFF));
        long r = Deep(n - 1, salt + 1);
        return r + a + b + c;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int CatchDeep(long salt)
    {
        try { return (int)Deep(6, salt); }
        catch (SensorFault e) { return e.Code; }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static long Mix(long x) => x * 2654435761L + 12345;

    private static void DeepFrames()
    {
        // Many values live across the call: the compiler keeps them in callee-saved registers.
        long v1 = Mix(1), v2 = Mix(2), v3 = Mix(3), v4 = Mix(4), v5 = Mix(5), v6 = Mix(6), v7 = Mix(7), v8 = Mix(8);
        double d1 = v1 * 0.5, d2 = v2 * 0.25;
        int code = CatchDeep(0x1234);
        Check("deep-frames", code == ((0x1234 + 6) & 0xFF), code.ToString());
        long sum = v1 + v2 * 3 + v3 * 5 + v4 * 7 + v5 * 11 + v6 * 13 + v7 * 17 + v8 * 19;
        long expected = 0;
        for (int i = 1; i <= 8; i++) expected += Mix(i) * (i == 1 ? 1 : i == 2 ? 3 : i == 3 ? 5 : i == 4 ? 7 : i == 5 ? 11 : i == 6 ? 13 : i == 7 ? 17 : 19);
        bool doublesOk = d1 == Mix(1) * 0.5 && d2 == Mix(2) * 0.25;
        Check("registers-intact", sum == expected && doublesOk, string.Concat(sum.ToString(), " != ", expected.ToString()));
    }

    private static void Rethrow()
    {
        Exception? first = null, second = null;
        try
        {
            try { ThrowInvalid("again"); }
            catch (InvalidOperationException e) { first = e; throw; }
        }
        catch (Exception e) { second = e; }
        Check("rethrow", first != null && ReferenceEquals(first, second), "a different object arrived");

        first = second = null;
        try
        {
            try { Level(2, new SensorFault("object", 3)); }
            catch (SensorFault e) { first = e; throw e; }
        }
        catch (SensorFault e) { second = e; }
        Check("rethrow-object", first != null && ReferenceEquals(first, second) && ((SensorFault)second!).Code == 3, "a different object arrived");
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool Accept(SensorFault e, int code) { Trace = string.Concat(Trace, "filter", e.Code.ToString(), ";"); return e.Code == code; }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool Explode(Exception e) => throw new InvalidOperationException("in filter");

    private static void Filters()
    {
        Trace = "";
        string got = "none";
        try { Level(2, new SensorFault("f", 2)); }
        catch (SensorFault e) when (Accept(e, 1)) { got = "one"; }
        catch (SensorFault e) when (Accept(e, 2)) { got = "two"; }
        catch (SensorFault) { got = "any"; }
        Check("filter", got == "two" && Trace == "filter2;filter2;", string.Concat(got, " ", Trace));

        got = "none";
        try { ThrowInvalid("x"); }
        catch (InvalidOperationException e) when (Explode(e)) { got = "filter"; }
        catch (InvalidOperationException e) { got = e.Message; }
        Check("filter-throws", got == "x", got);
    }

    private static void Using()
    {
        Trace = "";
        try
        {
            using (var outer = new Resource("outer"))
            using (var inner = new Resource("inner"))
            {
                Trace = string.Concat(Trace, "body;");
                ThrowInvalid("using");
            }
        }
        catch (InvalidOperationException) { Trace = string.Concat(Trace, "catch;"); }
        Check("using", Trace == "body;dispose:inner;dispose:outer;catch;", Trace);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int At(int[] values, int index) => values[index];

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int Add(int a, int b) => checked(a + b);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int Divide(int a, int b) => a / b;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Dog AsDog(Animal a) => (Dog)a;

    private static string Kind(Exception e) =>
        e is IndexOutOfRangeException ? "bounds" : e is OverflowException ? "overflow" : e is DivideByZeroException ? "divide"
        : e is InvalidCastException ? "cast" : e is NullReferenceException ? "null" : "other";

    private static void RuntimeChecks()
    {
        var values = new int[3];
        string got = "none";
        try { At(values, 3); } catch (Exception e) { got = Kind(e); }
        Check("bounds", got == "bounds", got);

        got = "none";
        try { Add(int.MaxValue, 1); } catch (ArithmeticException e) { got = Kind(e); }
        Check("overflow", got == "overflow", got);

        got = "none";
        try { Divide(1, 0); } catch (ArithmeticException e) { got = Kind(e); }
        Check("divide", got == "divide", got);

        got = "none";
        try { AsDog(new Cat()); } catch (InvalidCastException e) { got = Kind(e); }
        Check("cast", got == "cast", got);


        got = "none";
        try { throw null!; } catch (NullReferenceException e) { got = Kind(e); }
        Check("throw-null", got == "null", got);
    }

    private static void Nested()
    {
        string got = "none";
        try
        {
            try { ThrowInvalid("first"); }
            catch (InvalidOperationException e) { throw new ArgumentException("second", e); }
        }
        catch (ArgumentException e) { got = string.Concat(e.Message, "<-", e.InnerException!.Message); }
        Check("catch-in-catch", got == "second<-first", got);

        got = "none";
        Trace = "";
        try
        {
            try { ThrowInvalid("original"); }
            finally { Trace = "finally;"; Level(1, new SensorFault("replacement", 9)); }
        }
        catch (InvalidOperationException) { got = "original arrived"; }
        catch (SensorFault e) { got = e.Message; }
        Check("finally-replaces", got == "replacement" && Trace == "finally;", got);

        // try/catch inside a catch funclet and inside a finally funclet.
        got = "";
        try { ThrowInvalid("a"); }
        catch (InvalidOperationException)
        {
            try { ThrowInvalid("b"); } catch (InvalidOperationException e) { got = string.Concat(got, e.Message); }
            got = string.Concat(got, "a");
        }
        finally
        {
            try { Level(1, new SensorFault("c", 1)); } catch (SensorFault e) { got = string.Concat(got, e.Message); }
        }
        Check("nested-handlers", got == "bac", got);

        // A finally that throws on the normal path (no exception in flight).
        got = "none";
        try
        {
            try { Trace = "try;"; }
            finally { Level(2, new SensorFault("from finally", 5)); }
        }
        catch (SensorFault e) { got = e.Message; }
        Check("finally-throws", got == "from finally", got);

        // Generic exception types are matched by their exact instantiation.
        got = "none";
        try { Level(1, new Reading<int>(42)); }
        catch (Reading<long>) { got = "long"; }
        catch (Reading<int> e) { got = e.Value.ToString(); }
        Check("generic-exception", got == "42", got);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static unsafe ulong StackMark() { int local = 0; return (ulong)&local; }

    private static void Loop()
    {
        ulong before = StackMark();
        int caught = 0;
        ulong start = Time.Ticks;
        for (int i = 0; i < 10000; i++)
        {
            try { Level(i & 3, new SensorFault("loop", i)); }
            catch (SensorFault e) { if (e.Code == i) caught++; }
        }
        ulong elapsed = Time.Ticks - start;
        ulong after = StackMark();
        // Under QEMU -icount (1 instruction = 1 ns) this is instructions per round (allocation included).
        Console.WriteLine(string.Concat("rich-eh: throw/catch across 1-4 frames: ", (elapsed * 1000000 / Time.Frequency / 10).ToString(), " ns per round"));
        Check("loop-10k", caught == 10000 && before == after, string.Concat(caught.ToString(), " caught, stack moved by ", (before - after).ToString()));
    }

    private static void Custom()
    {
        try { Level(4, new SensorFault("sensor 3 out of range", 3)); Check("custom", false, "nothing thrown"); }
        catch (SensorFault e) { Check("custom", e.Message == "sensor 3 out of range" && e.Code == 3, e.Message); }
    }

    private static void TypeName()
    {
        string text = "";
        try { ThrowInvalid("named"); } catch (Exception e) { text = e.ToString(); }
        string custom = new SensorFault("s", 1).ToString();
        string nested = new Station.Fault("n").ToString();
        Check("type-name", text == "System.InvalidOperationException: named" && custom == "SensorFault: s" && nested == "Station+Fault: n",
            string.Concat(text, " | ", custom, " | ", nested));
    }
}
