// The rich profile's garbage collector judged on target (tests/systems/rich-gc.yaml,
// tests/Bulkhead.Tests/RichGcTests.cs). Every check prints "PASS <name>" or "FAIL <name>: <why>",
// then "rich-gc: done, N passed, M failed". The domain named "small..." has `heap: 1M` and runs
// only the churn (2 x 10^5 iterations); the others run everything, the two-vCPU check when the
// domain has two vCPUs.
//   PASS churn              10^6 iterations allocating strings, arrays, small and large objects:
//                           the heap after a full collection is back near its start, collections ran
//   PASS collect-frees      garbage of 2 MiB is given back by GC.Collect (GetTotalMemory(true))
//   PASS linked-survives    a 10k-node linked list and a 10k-string array survive many collections intact
//   PASS struct-array-refs  references inside an array of structs (the repeating GC layout) survive
//   PASS static-root        a graph reachable only from a static field survives
//   PASS collection-count   GC.CollectionCount(0) counts GC.Collect
//   PASS two-vcpus          vCPU 0 and vCPU 1 churn at once, each verifying its own live data
using System;
using System.Runtime.CompilerServices;
using Bulkhead.Guest;
using Bulkhead.Runtime;

public static class Program
{
    private sealed class Node
    {
        public int Value;
        public string Label;
        public Node Next;
    }

    private struct Entry
    {
        public int Id;
        public string Name;
        public long Check;
        public Node Owner;
    }

    private static int s_passed, s_failed;
    private static Node s_staticOnly;
    private static volatile int s_secondaryDone;
    private static volatile int s_secondaryOk;
    private static string s_secondaryWhy;
    private static volatile int s_secondaryProgress; // vCPU 1's churn iterations so far (a failure report says where it stopped)

    private static void Pass(string name) { s_passed++; Console.WriteLine(string.Concat("PASS ", name)); }
    private static void Fail(string name, string why) { s_failed++; Console.WriteLine(string.Concat("FAIL ", name, ": ", why)); }
    private static void Check(string name, bool ok, string why) { if (ok) Pass(name); else Fail(name, why); }

    public static void Main()
    {
        bool small = Domain.Name.StartsWith("small");
        Console.WriteLine(string.Concat("rich-gc on ", Domain.Name, ": ", Domain.VcpuCount.ToString(), " vCPU(s), heap ",
            (GcHeap.Capacity / 1024).ToString(), " KiB"));
        Churn(small ? 200000 : 1000000); // the small heap turns over 40 MiB: 40 times its size
        if (!small)
        {
            CollectFrees();
            LinkedSurvives();
            StructArrayRefs();
            StaticRoot();
            CollectionCount();
            if (Domain.VcpuCount >= 2) TwoVcpus();
            else Console.WriteLine("SKIP two-vcpus: this domain has one vCPU");
        }
        Console.WriteLine(string.Concat("rich-gc: done, ", s_passed.ToString(), " passed, ", s_failed.ToString(), " failed"));
        Domain.PowerOff();
    }

    private static string Kb(long bytes) => string.Concat((bytes / 1024).ToString(), " KiB");

    /// <summary>
    /// One churn step: a string, an int array, a Node and every 1000th time a 20 KiB array (a large
    /// object); a window of the last 8 nodes survives (each links to an older one, chains of at most
    /// 64) and is checked. Returns false on corrupted data.
    /// </summary>
    private static bool ChurnLoop(int iterations, int seed, out long allocated, bool reportProgress = false)
    {
        var window = new Node[8];
        allocated = 0;
        for (int i = 0; i < iterations; i++)
        {
            int v = i + seed;
            string s = string.Concat("item-", v.ToString());
            int[] numbers = new int[(i & 31) + 1];
            numbers[numbers.Length - 1] = v;
            var node = new Node { Value = v, Label = s, Next = (i & 63) != 0 ? window[(i + 1) & 7] : null }; // chains of at most 64 live nodes
            allocated += 32 + s.Length * 2 + 24 + numbers.Length * 4 + 40;
            if (i % 1000 == 0) { var big = new byte[20000]; big[19999] = 1; allocated += 20024; }
            Node old = window[i & 7];
            if (old != null && (old.Value != v - 8 || old.Label != string.Concat("item-", (v - 8).ToString()))) return false;
            if (numbers[numbers.Length - 1] != v) return false;
            window[i & 7] = node;
            if (reportProgress) s_secondaryProgress = i + 1;
        }
        return true;
    }

    private static void Churn(int iterations)
    {
        long before = GC.GetTotalMemory(true);
        int collectionsBefore = GC.CollectionCount(0);
        ulong gcTicksBefore = GcHeap.CollectionTicks;
        ulong t0 = Time.Ticks;
        bool ok = ChurnLoop(iterations, 0, out long allocated);
        ulong ticks = Time.Ticks - t0;
        long peak = GC.GetTotalMemory(false);
        long after = GC.GetTotalMemory(true);
        int collections = GC.CollectionCount(0) - collectionsBefore;
        ulong gcUs = (GcHeap.CollectionTicks - gcTicksBefore) * 1000 / (Time.Frequency / 1000);
        Console.WriteLine(string.Concat("churn: ", iterations.ToString(), " iterations, ", Kb(allocated), " allocated in ",
            (ticks / (Time.Frequency / 1000)).ToString(), " ms, ", collections.ToString(), " collections of ",
            (collections > 0 ? gcUs / (ulong)collections : 0).ToString(), " us each"));
        Console.WriteLine(string.Concat("churn: in use ", before.ToString(), " bytes before, ", Kb(peak), " at the end, ",
            after.ToString(), " bytes after a full collection"));
        if (!ok) Fail("churn", "a surviving object's contents changed");
        else if (collections < 2) Fail("churn", string.Concat("only ", collections.ToString(), " collections"));
        else if (allocated < 2 * GcHeap.Capacity) Fail("churn", "allocated less than twice the heap: not a churn");
        else if (after - before > 128 * 1024) Fail("churn", string.Concat("heap grew by ", Kb(after - before), " across the churn"));
        else if (peak > GcHeap.Capacity) Fail("churn", string.Concat("in use ", Kb(peak), " exceeds the heap"));
        else Pass("churn");
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void MakeGarbage()
    {
        for (int i = 0; i < 128; i++) { var b = new byte[16384]; b[i] = 1; }
        for (int i = 0; i < 8192; i++) { var o = new Node { Value = i }; o.Label = null; }
    }

    private static void CollectFrees()
    {
        long before = GC.GetTotalMemory(true);
        MakeGarbage();
        long dirty = GC.GetTotalMemory(false);
        long after = GC.GetTotalMemory(true);
        Console.WriteLine(string.Concat("collect-frees: ", Kb(before), " before, ", Kb(dirty), " with garbage, ", Kb(after), " after"));
        Check("collect-frees", dirty >= before + 2 * 1024 * 1024 && after <= before + 16 * 1024,
            string.Concat("before ", Kb(before), ", with garbage ", Kb(dirty), ", after ", Kb(after)));
    }

    private static Node BuildList(int count, string prefix)
    {
        Node head = null;
        for (int i = count - 1; i >= 0; i--) head = new Node { Value = i, Label = string.Concat(prefix, i.ToString()), Next = head };
        return head;
    }

    private static string VerifyList(Node head, int count, string prefix)
    {
        int i = 0;
        for (Node n = head; n != null; n = n.Next, i++)
            if (n.Value != i || n.Label != string.Concat(prefix, i.ToString())) return string.Concat("node ", i.ToString(), " changed");
        return i == count ? null : string.Concat(i.ToString(), " nodes instead of ", count.ToString());
    }

    private static void LinkedSurvives()
    {
        Node list = BuildList(10000, "n");
        var strings = new string[10000];
        for (int i = 0; i < strings.Length; i++) strings[i] = string.Concat("s", (i * 7).ToString());
        int collections = GC.CollectionCount(0);
        for (int round = 0; round < 20; round++)
        {
            ChurnLoop(5000, round, out _);
            GC.Collect();
        }
        collections = GC.CollectionCount(0) - collections;
        string why = VerifyList(list, 10000, "n");
        for (int i = 0; why == null && i < strings.Length; i++)
            if (strings[i] != string.Concat("s", (i * 7).ToString())) why = string.Concat("strings[", i.ToString(), "] changed");
        if (why == null && collections < 20) why = string.Concat("only ", collections.ToString(), " collections");
        Check("linked-survives", why == null, why);
    }

    private static void StructArrayRefs()
    {
        var entries = new Entry[1000];
        for (int i = 0; i < entries.Length; i++)
            entries[i] = new Entry { Id = i, Name = string.Concat("e", i.ToString()), Check = (long)i * 31, Owner = new Node { Value = -i, Label = "owner" } };
        for (int round = 0; round < 5; round++) { ChurnLoop(5000, round, out _); GC.Collect(); }
        string why = null;
        for (int i = 0; why == null && i < entries.Length; i++)
        {
            Entry e = entries[i];
            if (e.Id != i || e.Check != (long)i * 31 || e.Name != string.Concat("e", i.ToString()) || e.Owner == null
                || e.Owner.Value != -i || e.Owner.Label != "owner")
                why = string.Concat("entries[", i.ToString(), "] changed");
        }
        Check("struct-array-refs", why == null, why);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void PlantStaticGraph() => s_staticOnly = BuildList(2000, "static-");

    private static void StaticRoot()
    {
        PlantStaticGraph();
        for (int round = 0; round < 5; round++) { ChurnLoop(5000, round, out _); GC.Collect(); }
        string why = VerifyList(s_staticOnly, 2000, "static-");
        Check("static-root", why == null, why);
    }

    private static void CollectionCount()
    {
        int before = GC.CollectionCount(0);
        GC.Collect();
        GC.Collect();
        int after = GC.CollectionCount(0);
        Check("collection-count", after == before + 2, string.Concat(before.ToString(), " then ", after.ToString()));
    }

    private static void Secondary(int vcpu)
    {
        s_secondaryProgress = -1;
        Node mine = BuildList(3000, "v1-");
        bool ok = ChurnLoop(300000, 7, out _, true);
        string why = ok ? VerifyList(mine, 3000, "v1-") : "churn data changed on vCPU 1";
        s_secondaryWhy = why;
        s_secondaryOk = why == null ? 1 : 0;
        s_secondaryDone = 1;
    }

    private static unsafe void TwoVcpus()
    {
        int collections = GC.CollectionCount(0);
        if (!Cpus.Start(1, &Secondary)) { Fail("two-vcpus", "vCPU 1 did not start"); return; }
        Node mine = BuildList(3000, "v0-");
        bool ok = ChurnLoop(300000, 3, out _);
        string why = ok ? VerifyList(mine, 3000, "v0-") : "churn data changed on vCPU 0";
        ulong deadline = Time.Ticks + 120 * Time.Frequency;
        while (s_secondaryDone == 0 && Time.Ticks < deadline) { }
        collections = GC.CollectionCount(0) - collections;
        Console.WriteLine(string.Concat("two-vcpus: ", collections.ToString(), " collections while both churned"));
        if (why == null && s_secondaryDone == 0)
            why = string.Concat("vCPU 1 did not finish within 120 s (at churn iteration ", s_secondaryProgress.ToString(), ")");
        if (why == null && s_secondaryOk == 0) why = string.Concat("vCPU 1: ", s_secondaryWhy);
        if (why == null && collections < 2) why = string.Concat("only ", collections.ToString(), " collections");
        Check("two-vcpus", why == null, why);
    }
}
