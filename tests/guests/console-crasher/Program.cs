// The console driver of tests/systems/console-domain.yaml, made to fail once: it serves like the
// SDK's console-driver service, but on its first run it faults (a store to address 0) after it has
// printed 20 client lines. The hypervisor restarts it; the clients' lines written meanwhile wait in
// their rings and are printed after the restart, none lost, none twice.
using Bulkhead.Guest;

public static unsafe class Program
{
    // A page of its own RAM outside the image (tests/systems/console-domain.yaml): the hypervisor
    // reloads the image on a restart but not this region, so the start count survives.
    private const ulong StartCount = 0x47000000;

    public static void Main()
    {
        ConsoleServer.Start();
        bool firstRun = (*(ulong*)StartCount)++ == 0;
        while (true)
        {
            bool busy = ConsoleServer.Pump();
            if (firstRun && ConsoleServer.LinesPrinted >= 20)
            {
                ConsoleServer.Say("faulting on purpose");
                *(ulong*)0 = 1;
            }
            if (!busy && ConsoleServer.AllClientsEnded)
            {
                ConsoleServer.Say("every client has ended: powering off");
                Domain.PowerOff();
            }
            if (!busy) Time.Sleep(2);
        }
    }
}
