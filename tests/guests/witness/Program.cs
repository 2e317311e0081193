// The witness of the attack suite (tests/systems/hostile.yaml, fuzz.yaml): a domain on its own
// core that the attackers must not disturb. Every 10 ms of virtual time it prints
// "tick N at T us" (N without gaps, T from the virtual counter); xunit checks that the sequence is
// complete and in order and that the period held. It counts doorbell rings from the prober
// (allowed) and SGIs (never allowed: nobody else may send it any), and checks at the end that the
// first 8 KiB of its image (code) (which the faulter writes at) are unchanged. It powers off a few ticks after
// every attacker has marked its channel "done", or after MaxTicks.
using Bulkhead.Generated;
using Bulkhead.Guest;

public static unsafe class Program
{
    private const ulong PeriodMs = 10;
    private const int MaxTicks = 6000, TicksAfterDone = 5;
    private const ulong DoneMark = 0xD0E;
    private static int s_ticks, s_doneAt, s_rings, s_sgis;
    private static ulong s_start;
    private static Channel s_prober, s_faulter;
    private static bool s_hasProber, s_hasFaulter;

    // The first 8 KiB of the witness's RAM: its own code (.text is first in the image), which the
    // faulter tries to overwrite.
    private const ulong Guarded = 0x2000;
    private static ulong ImageBase => GuestConfig.RamBase;
    private static ulong s_imageSum;

    private static ulong Checksum()
    {
        ulong sum = 0;
        ulong imageBase = ImageBase;
        for (ulong a = imageBase; a < imageBase + Guarded; a += 8) sum = (sum ^ *(ulong*)a) * 0x100000001B3UL;
        return sum;
    }

    public static void Main()
    {
        s_imageSum = Checksum();
        Console.WriteLine(string.Concat("witness on vCPU 0 of ", Domain.VcpuCount.ToString(), ", period ", PeriodMs.ToString(), " ms"));
        // Channel 0 comes from the prober (or the fuzzer), channel 2 from the faulter, when the system has them.
        s_hasProber = Channel.Open(0, out s_prober) && !s_prober.IsWriter;
        s_hasFaulter = Channel.Open(2, out s_faulter) && !s_faulter.IsWriter;
        if (s_hasProber && s_prober.Doorbell != 0) s_prober.OnDoorbell(&OnRing);
        for (uint sgi = 0; sgi < 16; sgi++) { Interrupts.Register(sgi, &OnSgi); Interrupts.Enable(sgi); }
        s_start = Time.Ticks;
        Time.Every(PeriodMs, &Tick);
        while (true) Interrupts.WaitForInterrupt();
    }

    private static void OnRing(uint intId) => s_rings++;
    private static void OnSgi(uint intId) => s_sgis++;

    private static bool Done(bool present, Channel channel, ulong offset) => !present || channel.Read64(offset) == DoneMark;

    private static void Tick(int vcpu)
    {
        ulong now = Time.Ticks;
        int n = ++s_ticks;
        Health.Heartbeat();
        ulong micros = (now - s_start) * 1000000 / Time.Frequency;
        Console.WriteLine(string.Concat("tick ", n.ToString(), " at ", micros.ToString(), " us"));
        if (s_doneAt == 0 && Done(s_hasProber, s_prober, 0) && Done(s_hasFaulter, s_faulter, 8)) s_doneAt = n;
        if ((s_doneAt != 0 && n >= s_doneAt + TicksAfterDone) || n >= MaxTicks)
        {
            Console.WriteLine(string.Concat("doorbells ", s_rings.ToString(), ", foreign SGIs ", s_sgis.ToString()));
            Console.WriteLine(Checksum() == s_imageSum ? "witness image intact" : "witness image changed");
            Console.WriteLine(s_doneAt != 0 ? "witness done" : "witness gave up waiting");
            Domain.PowerOff();
        }
    }
}
