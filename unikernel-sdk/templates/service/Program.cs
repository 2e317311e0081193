// BULKHEAD_SERVICE_NAME: a periodic Bulkhead service. Every PeriodMs it does its work and feeds
// the hypervisor's watchdog (a domain with watchdog_ms is restarted or stopped when it stops doing so).
// What C# runs on bare metal: docs/csharp-subset.md; the analyzer flags the rest as BH1xxx errors.
using Bulkhead.Guest;

public static unsafe class Program
{
    private const ulong PeriodMs = 100;
    private const int Rounds = 20;      // then it powers its domain off, so `bulkhead run` ends; raise it or remove the check to run forever

    private static int s_ticks;

    public static void Main()
    {
        Console.WriteLine(string.Concat("BULKHEAD_SERVICE_NAME up on ", Domain.Name, ", every ", PeriodMs.ToString(), " ms"));
        Time.Every(PeriodMs, &Tick);
        while (true) Interrupts.WaitForInterrupt();
    }

    // Called from the timer interrupt on the vCPU that called Time.Every: keep it short.
    private static void Tick(int vcpu)
    {
        Health.Heartbeat();
        s_ticks++;
        if (s_ticks % 10 == 0)
            Console.WriteLine(string.Concat("tick ", s_ticks.ToString(), " at ", Time.Milliseconds.ToString(), " ms"));
        if (s_ticks == Rounds)
        {
            Console.WriteLine("BULKHEAD_SERVICE_NAME done");
            Domain.PowerOff();
        }
    }
}
