// A heartbeat service: every 150 ms it reports that it is alive (to the console and to the
// hypervisor's watchdog) with its uptime.
using Bulkhead.Guest;

public static unsafe class Program
{
    private const ulong PeriodMs = 150;
    private const int Beats = 5;

    private static int s_beats;

    public static void Main()
    {
        Console.WriteLine(string.Concat("telemetry service up on ", Domain.Name));
        Time.Every(PeriodMs, &Beat);
        while (true) Interrupts.WaitForInterrupt();
    }

    private static void Beat(int vcpu)
    {
        Health.Heartbeat();
        s_beats++;
        Console.WriteLine(string.Concat("heartbeat ", s_beats.ToString(), ", uptime ", Time.Milliseconds.ToString(), " ms"));
        if (s_beats == Beats)
        {
            Console.WriteLine("telemetry service done");
            Domain.PowerOff();
        }
    }
}
