// A periodic sensor service: every 100 ms it takes a reading and reports it, and tells the
// hypervisor's watchdog it is alive. The "sensor" is simulated from the virtual counter so the
// example runs on any board; a real driver would read its passthrough device with Device.Read32.
using Bulkhead.Guest;

public static unsafe class Program
{
    private const ulong PeriodMs = 100;
    private const int Readings = 8;      // then the demo domain powers itself off

    private static int s_count;

    public static void Main()
    {
        Console.WriteLine(string.Concat("sensor service up on ", Domain.Name, ", sampling every ", PeriodMs.ToString(), " ms"));
        Time.Every(PeriodMs, &Sample);
        while (true) Interrupts.WaitForInterrupt();
    }

    private static void Sample(int vcpu)
    {
        Health.Heartbeat();
        s_count++;
        // Simulated temperature between 20.0 and 23.9 degrees, in tenths.
        uint tenths = 200 + (uint)((Time.Ticks >> 10) % 40);
        Console.WriteLine(string.Concat("reading ", s_count.ToString(), ": ", (tenths / 10).ToString(), ".", (tenths % 10).ToString(), " C"));
        if (s_count == Readings)
        {
            Console.WriteLine("sensor service done");
            Domain.PowerOff();
        }
    }
}
