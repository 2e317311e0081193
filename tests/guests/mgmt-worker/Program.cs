// A managed domain of tests/systems/management.yaml: says it is up, then ticks every 50 ms with a
// heartbeat (so it can be an ASIL domain with a watchdog), and powers its domain off after 1.5 s (it spins in Time.Sleep: short, for -icount).
// With GuestConfig's domain name "crasher" it faults instead (a store to address 0) right after
// saying it is up: the manager reads that fault in its status.
using Bulkhead.Guest;

public static unsafe class Program
{
    public static void Main()
    {
        string name = Domain.Name;
        Console.WriteLine(string.Concat(name, " up"));
        if (name == "crasher") *(ulong*)0 = 1;
        for (int tick = 1; tick <= 30; tick++)
        {
            Time.Sleep(50);
            Health.Heartbeat();
            if (tick % 10 == 0) Console.WriteLine(string.Concat(name, " tick ", tick.ToString()));
        }
        Console.WriteLine(string.Concat(name, " done"));
        Domain.PowerOff();
    }
}
