// The network driver of tests/systems/net-restart.yaml, made to fail once: the SDK's net-driver
// (its sources, linked here) with a planned fault. On its first run it faults (a store to address
// 0) once it has forwarded FaultAfter client frames; the hypervisor restarts it. On the second
// run it waits OutageMs before it serves, as a real NIC's reset and link-up would: the clients see
// their requests go unanswered (errors), then traffic resumes over the same rings.
using Bulkhead.Guest;

public static unsafe class Program
{
    // A page of its own RAM outside the image (tests/systems/net-restart.yaml): the hypervisor
    // reloads the image on a restart but not this region, so the start count survives.
    private const ulong StartCount = 0x47000000;
    private const ulong FaultAfter = 40;
    private const ulong OutageMs = 300;
    private static bool s_firstRun;

    public static void Main()
    {
        s_firstRun = (*(ulong*)StartCount)++ == 0;
        if (!s_firstRun)
        {
            Console.WriteLine("net-crasher: restarted; serving again after the NIC's reset");
            // Idle, not Time.Sleep's busy loop: under -icount a spinning core slows the others.
            Time.Every(1, &OnTick);
            ulong until = Time.Milliseconds + OutageMs;
            while (Time.Milliseconds < until) Interrupts.WaitForInterrupt();
        }
        NetDriver.Run(&AfterPass);
    }

    private static void OnTick(int vcpu) { }

    private static void AfterPass()
    {
        if (!s_firstRun) return;
        ulong forwarded = 0;
        for (int i = 0; i < Bridge.Ports.Length; i++) forwarded += Bridge.Ports[i].Forwarded;
        if (forwarded < FaultAfter) return;
        Console.WriteLine("net-crasher: faulting on purpose");
        *(ulong*)0 = 1;
    }
}
