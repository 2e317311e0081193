// The other domain of tests/systems/direct-irq.yaml: interrupts through the hypervisor as usual, on
// its own core. Every 1 ms (its own virtual timer) it rings the doorbell of channel 'bell' into the
// direct domain, and it judges whether the direct domain disturbed it:
//   ringer-timer-steady   its ticks kept coming until the direct domain finished (its fault and
//                         restart included): none lost against elapsed time, none more than 5 ms late
//                         (QEMU -icount runs the cores round-robin, so another core's long stretch,
//                         e.g. the hypervisor reloading the restarted domain, delays a tick in
//                         virtual time; a stalled or stolen timer shows as lost ticks)
//   ringer-rang           its doorbell rings were accepted
// then "direct-ringer: done, N passed, M failed" and power off.
using Bulkhead.Guest;

public static unsafe class Program
{
    private const ulong PeriodMs = 1;
    private const int MaxTicks = 20000;
    private const ulong DoneMark = 0xD0E;
    private static Channel s_bell, s_mark;
    private static int s_ticks, s_rang, s_refused, s_passed, s_failed;
    private static ulong s_deadline, s_worstLate, s_start;
    private static bool s_over;

    public static void Main()
    {
        if (!Channel.Open(0, out s_bell) || !Channel.Open(1, out s_mark) || !s_bell.IsWriter)
        {
            Console.WriteLine("FAIL channels: expected 'bell' (written) and 'mark' (read)");
            Domain.PowerOff();
        }
        s_start = Time.Ticks;
        s_deadline = s_start + PeriodMs * (Time.Frequency / 1000);
        Time.Every(PeriodMs, &Tick);
        while (!s_over) Interrupts.WaitForInterrupt();
        ulong lateUs = s_worstLate * 1000000UL / Time.Frequency;
        ulong elapsedMs = (Time.Ticks - s_start) / (Time.Frequency / 1000);
        Check("ringer-timer-steady", s_mark.Read64(8) == DoneMark && lateUs < 5000 && (ulong)s_ticks + 6 >= elapsedMs / PeriodMs,
            string.Concat(s_ticks.ToString(), " ticks in ", elapsedMs.ToString(), " ms, worst ", lateUs.ToString(), " us late"));
        Check("ringer-rang", s_rang > 0 && s_refused == 0, string.Concat(s_rang.ToString(), " rings, ", s_refused.ToString(), " refused"));
        Console.WriteLine(string.Concat("direct-ringer: done, ", s_passed.ToString(), " passed, ", s_failed.ToString(), " failed"));
        Domain.PowerOff();
    }

    private static void Tick(int vcpu)
    {
        ulong now = Time.Ticks;
        if (now > s_deadline && now - s_deadline > s_worstLate) s_worstLate = now - s_deadline;
        s_deadline += PeriodMs * (Time.Frequency / 1000);
        s_ticks++;
        if (s_over) return;
        if (s_mark.Read64(8) == DoneMark || s_ticks >= MaxTicks) { s_over = true; return; }
        if (s_bell.Notify()) s_rang++; else s_refused++;
    }

    private static void Check(string name, bool ok, string detail)
    {
        if (ok) { s_passed++; Console.WriteLine(string.Concat("PASS ", name, " (", detail, ")")); }
        else { s_failed++; Console.WriteLine(string.Concat("FAIL ", name, ": ", detail)); }
    }
}
