// A long-running QM service for the managed example (examples/systems/managed.yaml): says it is up,
// then every 500 ms kicks its watchdog and prints a numbered tick, until it is stopped or restarted
// (`bulkhead ctl restart infotainment`: the ticks start again from 1).
using Bulkhead.Guest;

public static unsafe class Program
{
    public static void Main()
    {
        Console.WriteLine(string.Concat(Domain.Name, " up"));
        for (ulong tick = 1; ; tick++)
        {
            Time.Sleep(500);
            Health.Heartbeat();
            Console.WriteLine(string.Concat(Domain.Name, " tick ", tick.ToString()));
        }
    }
}
