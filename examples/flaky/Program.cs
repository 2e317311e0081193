// A QM service with a bug, for the managed example (examples/systems/managed.yaml): it works for
// a second, then writes through a null pointer. Stage 2 catches the store, the hypervisor stops the
// domain (restart: stop) and keeps the fault line, which `bulkhead ctl status flaky` shows;
// `bulkhead ctl start flaky` runs it again from its image.
using Bulkhead.Guest;

public static unsafe class Program
{
    public static void Main()
    {
        Console.WriteLine(string.Concat(Domain.Name, " up"));
        Time.Sleep(1000);
        Console.WriteLine(string.Concat(Domain.Name, ": writing through a null pointer"));
        *(ulong*)0 = 1;
    }
}
