// The guest of the cache-colouring test (tests/systems/colored*.yaml, docs/cache-coloring.md). It
// knows nothing of colours: it runs unchanged over the RAM the system file gives it, which the
// hypervisor backs with physical pages of the domain's colours only. It judges what a guest can see:
//   PASS ram-pattern     every 8-byte word of the RAM it can reach (all of its heap, up to the last
//                        page of its RAM) keeps an address-derived value: the contiguous guest RAM
//                        has no holes (a stage-2 fault would stop it) and no two guest pages share a
//                        physical page (the later write would show in the earlier one)
//   PASS ram-extent      that RAM reaches to within 16 KiB of RamBase + RamSize
//   PASS image-reloaded  (second run of a domain that restarts) a static its first run changed
//                        is back at its initial value: the hypervisor copied the image again
//   PASS ram-kept        (second run) the marker the first run left in its last RAM page is there
//   "straddle: p00.p01...p15. end"  one console line written (CONSOLE_WRITE) from 16 fragments,
//                        each straddling one of 16 consecutive page boundaries of its RAM: a domain
//                        with k < 16 colours has a physical jump at every k-th boundary, so some of
//                        them reach the hypervisor's bounce-buffer copy (GuestRam.CopyIn); the test
//                        asserts the exact line
// Which physical pages back the RAM is not visible at EL1; the hypervisor walks its stage-2 tables
// at boot and prints the colours it found ("hv: domain X: colours ..."), which the test asserts.
// A domain named 'safety' restarts itself once; every domain then powers itself off.
using System.Runtime;
using System.Runtime.CompilerServices;
using Bulkhead.Core.Abi;
using Bulkhead.Generated;
using Bulkhead.Guest;

public static unsafe class Program
{
    private const ulong Marker = 0xC0102ED0C0102ED0UL;
    private const ulong Page = 0x1000;
    private static ulong s_reloadWitness = 0x5EED;
    private static int s_passed, s_failed;

    public static void Main()
    {
        ulong* marker = (ulong*)(GuestConfig.RamBase + GuestConfig.RamSize - 8);
        bool second = *marker == Marker;
        string name = Domain.Name;
        Console.WriteLine(string.Concat("color-memtest: ", second ? "second" : "first", " run, RAM 0x", GuestConfig.RamBase.ToString("x"), " + 0x", GuestConfig.RamSize.ToString("x")));

        Straddle();

        // Everything the heap has left, but the last page (the marker lives there).
        ulong free = Bulkhead.Runtime.Heap.Free;
        ulong length = free > 3 * Page ? (free - 2 * Page) & ~(Page - 1) : 0;
        ulong start = (ulong)Memory.AllocateZeroed((uint)length);
        PatternTest(start, length);
        Check("ram-extent", start + length + 4 * Page >= GuestConfig.RamBase + GuestConfig.RamSize,
            string.Concat("tested up to 0x", (start + length).ToString("x"), " only"));

        if (second)
        {
            Check("image-reloaded", s_reloadWitness == 0x5EED, string.Concat("static is 0x", s_reloadWitness.ToString("x"), " after the restart"));
            Check("ram-kept", *marker == Marker, "the marker in the last page is gone");
        }
        bool restart = !second && Ascii(name, "safety");
        *marker = restart ? Marker : 0;
        s_reloadWitness = 0xBAD;
        Console.WriteLine(string.Concat("color-memtest: done, ", s_passed.ToString(), " passed, ", s_failed.ToString(), " failed"));
        if (restart) Domain.Restart();
        Domain.PowerOff();
    }

    [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "guest_hvc")]
    private static extern long Hvc(ulong function, ulong a1, ulong a2, ulong a3, ulong a4, void* results);

    // Fragment k ("pKK.") is written from the 2 bytes before and the 2 bytes after the k-th of 16
    // consecutive page boundaries of a heap buffer; the hypervisor prints the line once it ends.
    private static void Straddle()
    {
        byte* buffer = (byte*)Memory.AllocateZeroed(18 * (uint)Page);
        ulong first = ((ulong)buffer + Page) & ~(Page - 1);
        Console.Write("straddle: ");
        for (int k = 0; k < 16; k++)
        {
            byte* at = (byte*)(first + (ulong)k * Page) - 2;
            at[0] = (byte)'p';
            at[1] = (byte)('0' + k / 10);
            at[2] = (byte)('0' + k % 10);
            at[3] = (byte)'.';
            Hvc(Hypercall.ConsoleWrite, (ulong)at, 4, 0, 0, null);
        }
        Console.WriteLine(" end");
    }

    // Two passes so every page's value is checked after all other pages were written.
    private static void PatternTest(ulong start, ulong length)
    {
        ulong salt = (ulong)Domain.Id * 0x9E3779B97F4A7C15UL;
        for (ulong a = start; a < start + length; a += 8)
        {
            *(ulong*)a = a ^ salt;
            if ((a & 0x3FFFF) == 0) Health.Heartbeat();
        }
        ulong bad = 0, firstBad = 0;
        for (ulong a = start; a < start + length; a += 8)
        {
            if (*(ulong*)a != (a ^ salt)) { if (bad++ == 0) firstBad = a; }
            if ((a & 0x3FFFF) == 0) Health.Heartbeat();
        }
        Console.WriteLine(string.Concat("color-memtest: pattern over ", (length / Page).ToString(), " pages from 0x", start.ToString("x")));
        Check("ram-pattern", length != 0 && bad == 0, string.Concat(bad.ToString(), " words changed, the first at 0x", firstBad.ToString("x")));
    }

    private static bool Ascii(string a, string b)
    {
        if (a.Length != b.Length) return false;
        for (int i = 0; i < a.Length; i++) if (a[i] != b[i]) return false;
        return true;
    }

    private static void Check(string test, bool ok, string why)
    {
        if (ok) { s_passed++; Console.WriteLine(string.Concat("PASS ", test)); }
        else { s_failed++; Console.WriteLine(string.Concat("FAIL ", test, ": ", why)); }
    }
}
