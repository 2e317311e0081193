// The guest of the boot-media tests (tests/systems/raspi3b.yaml, U-Boot runs): needs no interrupt
// controller, so it runs on boards without a GIC. It greets, checks that its virtual counter runs
// (Time.Sleep polls it; no timer interrupt), does a little arithmetic and powers its domain off.
//   PASS counter   the counter advanced across a 2 ms sleep, by at least that long
//   PASS compute   a fixed sum came out right
using Bulkhead.Guest;

public static class Program
{
    public static void Main()
    {
        string name = Domain.Name;
        Console.WriteLine(string.Concat("greeter up on ", name, ", vCPU ", Domain.CurrentVcpu.ToString(), " of ", Domain.VcpuCount.ToString()));

        ulong before = Time.Ticks;
        Time.Sleep(2);
        ulong elapsed = Time.Ticks - before, minimum = 2 * (Time.Frequency / 1000);
        Console.WriteLine(Time.Frequency > 0 && elapsed >= minimum ? "PASS counter" : string.Concat("FAIL counter: ", elapsed.ToString(), " ticks in 2 ms"));

        ulong sum = 0;
        for (ulong i = 1; i <= 10000; i++) sum += i * i;
        Console.WriteLine(sum == 333383335000UL ? "PASS compute" : string.Concat("FAIL compute: ", sum.ToString()));

        Console.WriteLine(string.Concat("greeter on ", name, " done"));
        Domain.PowerOff();
    }
}
