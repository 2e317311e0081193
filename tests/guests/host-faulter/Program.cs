// The test guest of host mode's restart policies (tests/Bulkhead.Sdk.Tests/HostModeRestartTests.cs,
// tests/systems/host-restart.yaml). One service, its behaviour chosen by its domain's name:
//   resetter-*  says it is up and asks for a restart (DOMAIN_RESTART)
//   every other says it is up and faults: an array index out of range (a data abort's stand-in)
using Bulkhead.Guest;

public static class Program
{
    private static readonly int[] One = new int[1];

    public static void Main()
    {
        Console.WriteLine(string.Concat("host-faulter: ", Domain.Name, " up"));
        if (Domain.Name.StartsWith("resetter")) Domain.Restart();
        int index = Domain.Name.Length;   // never 0: out of range
        One[index] = 1;
        Console.WriteLine("host-faulter: FAIL fault: the access returned");
    }
}
