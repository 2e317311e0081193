// A client of the console driver domain (tests/systems/console-domain.yaml): prints "seq N" for
// N = 1..60, 4 ms apart, through the SDK's Console (a ring to the console domain), then powers off.
// xunit checks that every line arrives once and in order, also across the console domain's restart.
using Bulkhead.Guest;

public static class Program
{
    public static void Main()
    {
        for (int i = 1; i <= 60; i++)
        {
            Console.WriteLine(string.Concat("seq ", i.ToString()));
            Time.Sleep(4);
        }
        Console.WriteLine("client done");
        Domain.PowerOff();
    }
}
