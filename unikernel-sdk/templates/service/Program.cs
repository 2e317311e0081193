// BULKHEAD_SERVICE_NAME: a periodic Bulkhead service. Every PeriodMs it does its work and feeds
// the hypervisor's watchdog (a domain with watchdog_ms is restarted or stopped when it stops doing so).
// What C# runs on bare metal: docs/csharp-subset.md; the analyzer flags the rest as BH1xxx errors.
// BULKHEAD_SERVICE_NAME.Tests/ checks this logic on the host: `dotnet test` there (docs/host-mode.md).
using Bulkhead.Guest;

public static unsafe class Program
{
    public const ulong PeriodMs = 100;
    public const int ReportEvery = 10;  // ticks between console reports
    public const int Rounds = 20;       // then it powers its domain off, so `bulkhead run` ends; raise it or remove the check to run forever

    private static int s_ticks;
    private static bool s_linked;
    private static Connection s_link;   // link 0, when the system gives this domain one: reports go there too

    public static void Main()
    {
        s_ticks = 0;
        s_linked = Connection.Open(0, out s_link);
        Console.WriteLine(string.Concat("BULKHEAD_SERVICE_NAME up on ", Domain.Name, ", every ", PeriodMs.ToString(), " ms"));
        Time.Every(PeriodMs, &Tick);
        while (true) Interrupts.WaitForInterrupt();
    }

    // Called from the timer interrupt on the vCPU that called Time.Every: keep it short.
    private static void Tick(int vcpu)
    {
        Health.Heartbeat();
        s_ticks++;
        if (s_ticks % ReportEvery == 0)
        {
            Console.WriteLine(string.Concat("tick ", s_ticks.ToString(), " at ", Time.Milliseconds.ToString(), " ms"));
            if (s_linked) s_link.Out.TrySend(s_ticks);
        }
        if (s_ticks == Rounds)
        {
            Console.WriteLine("BULKHEAD_SERVICE_NAME done");
            Domain.PowerOff();
        }
    }
}
