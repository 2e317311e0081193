// Linked into a test-only hypervisor image: exercises the bare-metal core library on the real
// target and prints one line per check, which CoreLibraryOnTargetTests asserts.
using Bulkhead.Core;
using Bulkhead.Runtime;

namespace Bulkhead.Arm64
{
    internal static partial class Entry
    {
        static partial void RunSelfTests() => SelfTest.CoreLibSelfTest<Arm64Architecture>.Run();
    }
}

namespace Bulkhead.SelfTest
{
    internal interface IShape
    {
        static abstract int Sides { get; }
        static abstract string Name { get; }
    }

    internal struct Triangle : IShape { public static int Sides => 3; public static string Name => "triangle"; }
    internal struct Square : IShape { public static int Sides => 4; public static string Name => "square"; }

    internal struct Pair<T> where T : struct
    {
        public T First;
        public T Second;
    }

    internal static class InitCounter { public static int Runs; }

    // Has a static constructor with a side effect: must run once, on first use, not before.
    internal static class LazyValue
    {
        private static readonly int s_value = Compute();
        private static int Compute() { InitCounter.Runs++; return 42; }
        public static int Value => s_value;
    }

    // Static reference fields live in GC static bases the runtime allocates at start-up.
    internal static class Holder
    {
        public static long[]? Block;
        public static string? Text;
        public static object[] Table = new object[3];
        public static readonly string Preset = "preset";
    }

    internal class Animal { public virtual string Speak() => "..."; }
    internal sealed class Dog : Animal { public override string Speak() => "woof"; }

    internal static class CoreLibSelfTest<TArch> where TArch : struct, IArchitecture
    {
        private static int s_passed, s_failed;

        private static void Check(string name, bool ok, string got)
        {
            if (ok) { s_passed++; HvConsole<TArch>.WriteLine(string.Concat("selftest: ", name, " ok")); }
            else { s_failed++; HvConsole<TArch>.WriteLine(string.Concat("selftest: ", name, " FAILED, got ", got)); }
        }

        // The JIT assumes allocation and class-constructor helpers leave other statics alone, so it may
        // reuse a value read before them. Real calls make it read again.
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
        private static ulong HeapUsed() => Heap.Used;

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
        private static int InitRuns() => InitCounter.Runs;

        private static int Sum<TA, TB>() where TA : struct, IShape where TB : struct, IShape => TA.Sides + TB.Sides;

        public static void Run()
        {
            Check("static-abstract", Sum<Triangle, Square>() == 7 && Square.Name == "square", Sum<Triangle, Square>().ToString());

            var pair = new Pair<long> { First = 40, Second = 2 };
            Pair<long> copy = pair;
            copy.Second = 5;
            Check("generic-struct", pair.First + pair.Second == 42 && copy.Second == 5, (pair.First + pair.Second).ToString());

            string joined = "ab" + "cd".Substring(1, 1) + 12.ToString();
            Check("string-concat", joined == "abd12" && joined.Length == 5, joined);

            string numbers = string.Concat((-42).ToString(), " ", 1234567890123UL.ToString(), " ", 0xBEEFUL.ToString("x"), " ", 0xBEEFU.ToString("X8"));
            Check("formatting", numbers == "-42 1234567890123 beef 0000BEEF", numbers);

            int[] squares = new int[10];
            for (int i = 0; i < squares.Length; i++) squares[i] = i * i;
            int total = 0;
            foreach (int s in squares) total += s;
            Check("int-array", total == 285 && squares.Length == 10, total.ToString());

            string[] words = new string[] { "one", "two", "three" };
            Check("string-array", string.Concat(words) == "onetwothree", string.Concat(words));

            int before = InitRuns();
            int value = LazyValue.Value;
            int again = LazyValue.Value;
            int runs = InitRuns();
            Check("lazy-cctor", before == 0 && runs == 1 && value == 42 && again == 42,
                string.Concat(string.Concat(before.ToString(), "/", runs.ToString()), "/", string.Concat(value.ToString(), "/", again.ToString())));

            Holder.Text = "set at run time";
            Holder.Table[1] = "slot";
            Check("gc-statics", Holder.Text == "set at run time" && (string)Holder.Table[1] == "slot"
                && Holder.Table.Length == 3 && Holder.Preset == "preset", Holder.Text);

            Animal animal = new Dog();
            Dog? dog = animal as Dog;
            Check("virtual-and-cast", animal.Speak() == "woof" && dog != null && animal is Dog, animal.Speak());

            ulong used = HeapUsed();
            Holder.Block = new long[64]; // stored in a static so the compiler cannot keep it on the stack
            ulong after = HeapUsed();
            Check("bump-allocator", after >= used + 64 * 8 && Holder.Block[63] == 0, string.Concat(used.ToString(), " -> ", after.ToString()));

            HvConsole<TArch>.WriteLine(string.Concat("selftest: done, ", s_passed.ToString(), " passed, ", s_failed.ToString(), " failed"));
        }
    }
}
