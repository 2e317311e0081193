// The direct-interrupt domain of tests/systems/direct-irq.yaml (tests/Bulkhead.Tests/DirectInterruptTests.cs,
// docs/direct-interrupts.md). Its core takes its own interrupts at EL1 (HCR_EL2.IMO clear); it judges
// itself with one PASS/FAIL line per check and "direct-irq: done, N passed, M failed":
//   direct-timer          its virtual timer fires every 2 ms (N ticks counted in the handler)
//   direct-doorbell       the doorbell SPI of channel 'bell', rung by the ringer domain on another core, arrives
//   direct-no-exits       while those interrupts arrive, the vCPU's exit count moves only by the one
//                         VCPU_STATS call that reads it: the hypervisor took part in none of them
//   direct-timer-latency  the timer handler runs within 100 us of its deadline (a sanity bound: QEMU
//                         -icount runs the cores round-robin; the bench measures the latency itself)
// First run: the checks, then a write into the ringer's RAM from inside a timer handler (the timer
// interrupt is still active): a stage-2 fault the hypervisor must contain and restart. Second run
// (its boot count is kept in channel 'mark', which a restart does not clear):
//   direct-restarted, direct-timer-after-restart, direct-no-exits-after-restart
// then the done line, 0xD0E at offset 8 of 'mark' for the ringer, and power off.
// In the domain named "hung" (also direct, with a watchdog) it instead keeps taking its own timer
// interrupts directly but stops sending heartbeats: the hypervisor's EL2 timer, Group 0 on that
// core, must still reach EL2 as an FIQ and stop the domain ("hv: domain hung stopped: watchdog ...").
using Bulkhead.Generated;
using Bulkhead.Guest;

public static unsafe class Program
{
    private const ulong PeriodMs = 2;
    private const int Ticks = 40, Rings = 20;
    private const ulong DoneMark = 0xD0E;
    private const ulong RingerRam = 0x45100000;      // the ringer's RAM: not mapped for this domain
    private static volatile int s_ticks, s_rings;
    private static volatile bool s_faultNow;
    private static ulong s_deadline, s_worstLateTicks;
    // Verdict counts live in channel 'mark' (offsets 16 and 24) so the done line covers both runs.
    private const ulong PassedAt = 16, FailedAt = 24;
    private static Channel s_bell, s_mark;

    public static void Main()
    {
        if (Domain.Name == "hung") Hang();
        if (!Channel.Open(0, out s_bell) || !Channel.Open(1, out s_mark) || s_bell.IsWriter || !s_mark.IsWriter)
        {
            Console.WriteLine("FAIL channels: expected 'bell' (read) and 'mark' (written)");
            Domain.PowerOff();
        }
        ulong boots = s_mark.Read64(0) + 1;
        s_mark.Write64(0, boots);
        Console.WriteLine(string.Concat("direct-irq: boot ", boots.ToString()));
        if (boots == 1) FirstRun();
        else SecondRun(boots);
    }

    private static void FirstRun()
    {
        s_bell.OnDoorbell(&OnRing);
        StartTimer(); // enabling the timer's PPI writes the emulated redistributor: one exit, before the count
        ulong before = Performance.Exits;
        while (s_ticks < Ticks || s_rings < Rings) Interrupts.WaitForInterrupt();
        ulong after = Performance.Exits;
        Check("direct-timer", s_ticks >= Ticks, string.Concat(s_ticks.ToString(), " ticks"));
        Check("direct-doorbell", s_rings >= Rings, string.Concat(s_rings.ToString(), " rings"));
        Check("direct-no-exits", after - before == 1,
            string.Concat((after - before - 1).ToString(), " exits during ", s_ticks.ToString(), " ticks and ", s_rings.ToString(), " rings"));
        ulong lateNs = s_worstLateTicks * 1000000000UL / Time.Frequency;
        Check("direct-timer-latency", lateNs < 100000, string.Concat("worst ", lateNs.ToString(), " ns after the deadline"));
        Console.WriteLine("direct-irq: faulting inside the timer handler");
        s_faultNow = true;
        while (true) Interrupts.WaitForInterrupt();
    }

    private static void SecondRun(ulong boots)
    {
        Check("direct-restarted", boots == 2, string.Concat("boot ", boots.ToString()));
        int start = s_ticks;
        StartTimer();
        ulong before = Performance.Exits;
        while (s_ticks < start + Ticks) Interrupts.WaitForInterrupt();
        ulong after = Performance.Exits;
        Check("direct-timer-after-restart", s_ticks >= start + Ticks, string.Concat((s_ticks - start).ToString(), " ticks"));
        Check("direct-no-exits-after-restart", after - before == 1, string.Concat((after - before - 1).ToString(), " exits"));
        Finish();
    }

    private static void Hang()
    {
        Health.Heartbeat();
        Time.Every(PeriodMs, &OnHungTick);
        Console.WriteLine("direct-irq: hung, taking its timer directly, no more heartbeats");
        while (true) Interrupts.WaitForInterrupt();
    }

    private static void OnHungTick(int vcpu) => s_ticks++;

    private static void StartTimer()
    {
        s_deadline = Time.Ticks + PeriodMs * (Time.Frequency / 1000);
        Time.Every(PeriodMs, &OnTick);
    }

    private static void OnTick(int vcpu)
    {
        ulong now = Time.Ticks;
        if (now > s_deadline && now - s_deadline > s_worstLateTicks && s_ticks > 0) s_worstLateTicks = now - s_deadline;
        s_deadline += PeriodMs * (Time.Frequency / 1000);
        s_ticks++;
        if (s_faultNow) *(ulong*)RingerRam = 0xBAD; // stage-2 fault with the timer interrupt active
    }

    private static void OnRing(uint intId) => s_rings++;

    private static void Check(string name, bool ok, string detail)
    {
        if (ok) { s_mark.Write64(PassedAt, s_mark.Read64(PassedAt) + 1); Console.WriteLine(string.Concat("PASS ", name, " (", detail, ")")); }
        else { s_mark.Write64(FailedAt, s_mark.Read64(FailedAt) + 1); Console.WriteLine(string.Concat("FAIL ", name, ": ", detail)); }
    }

    private static void Finish()
    {
        Console.WriteLine(string.Concat("direct-irq: done, ", s_mark.Read64(PassedAt).ToString(), " passed, ", s_mark.Read64(FailedAt).ToString(), " failed"));
        s_mark.Write64(8, DoneMark);
        Domain.PowerOff();
    }
}
