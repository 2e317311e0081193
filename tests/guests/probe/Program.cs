// The test guest of the isolation and partitioning tests. One service, several behaviours, chosen
// by the name its domain has in the system file (tests/systems/*.yaml):
//   every domain     greets, ticks its virtual timer every 50 ms and powers itself off after 10 ticks
//   smp-*            also starts vCPU 1, which ticks on its own core; at tick 3 vCPU 0 sends it SGI 5
//   intruder-*       after 2 ticks reads memory of another domain (IntruderTarget): must be stopped
//   thief-*          after 2 ticks touches a device it does not own (virtio-mmio slot 1): must be stopped
//   owner-*          reads its passthrough device (virtio-mmio slot 0) and prints its magic value
//   quitter-*        after 2 ticks calls PSCI SYSTEM_OFF: only this domain stops
//   crasher-*        after 2 ticks executes an undefined instruction: reported and stopped
//   sleeper-*        stops sending heartbeats after tick 2 and never powers off: its watchdog must end it
//   resetter-*       after 2 ticks calls PSCI SYSTEM_RESET: only this domain restarts (up to its limit)
//   pinger-*         at tick 2 writes a number into channel 0 and rings it; prints what comes back on channel 1
//   ponger-*         answers each ring of channel 0 with the number + 1 on channel 1
//   snoop-*          is party to no channel: Channel.Open fails, and reading channel 0's memory
//                    (SnoopTarget) at tick 2 must stop it
// Every other domain sends a heartbeat on each tick.
using Bulkhead.Guest;

public static unsafe class Program
{
    // Base of domain "alpha"'s memory in tests/systems/*.yaml (not this domain's).
    private const ulong IntruderTarget = 0x44000000;
    private const ulong VirtioSlot0 = 0x0A000000, VirtioSlot1 = 0x0A000200;
    // Where the checker places channel 0 of tests/systems/channels.yaml (first free RAM after the hypervisor).
    private const ulong SnoopTarget = 0x40400000;
    private const int TicksBeforeOff = 10;

    private static string s_name = "";
    private static int[] s_ticks = new int[8];

    public static void Main()
    {
        s_name = Domain.Name;
        Console.WriteLine(string.Concat("hello from ", s_name, ": domain ", Domain.Id.ToString(), ", vCPU 0 of ", Domain.VcpuCount.ToString()));
        if (s_name.StartsWith("owner"))
            Console.WriteLine(string.Concat("virtio magic 0x", Device.Read32(VirtioSlot0).ToString("x")));
        if (s_name.StartsWith("smp") && !Cpus.Start(1, &Secondary))
            Console.WriteLine("could not start vCPU 1");
        if (s_name.StartsWith("pinger")) OpenChannels(0, 1, &OnPong);
        if (s_name.StartsWith("ponger")) OpenChannels(1, 0, &OnChannelPing);
        if (s_name.StartsWith("snoop"))
            Console.WriteLine(Channel.Open(0, out _) ? "channel 0 opened" : "channel 0 refused");
        Time.Every(50, &Tick);
        while (true) Interrupts.WaitForInterrupt();
    }

    private static Channel s_out, s_in;

    private static void OpenChannels(int output, int input, delegate*<uint, void> onDoorbell)
    {
        if (!Channel.Open(output, out s_out) || !Channel.Open(input, out s_in) || !s_out.IsWriter || s_in.IsWriter)
        {
            Console.WriteLine("channels not available");
            return;
        }
        s_in.OnDoorbell(onDoorbell);
        Console.WriteLine(string.Concat("channel ", output.ToString(), " out at 0x", s_out.Base.ToString("x"), ", channel ", input.ToString(), " in at 0x", s_in.Base.ToString("x")));
    }

    private static void OnChannelPing(uint intId)
    {
        ulong value = s_in.Read64(0);
        s_out.Write64(0, value + 1);
        s_out.Notify();
        Console.WriteLine(string.Concat("ping 0x", value.ToString("x"), " answered"));
    }

    private static void OnPong(uint intId)
    {
        Console.WriteLine(string.Concat("pong 0x", s_in.Read64(0).ToString("x")));
    }

    private const uint PingSgi = 5;

    private static void Secondary(int vcpu)
    {
        Interrupts.Register(PingSgi, &OnPing);
        Interrupts.Enable(PingSgi);
        Console.WriteLine(string.Concat("vCPU ", vcpu.ToString(), " running"));
        Time.Every(50, &Tick);
    }

    private static void Tick(int vcpu)
    {
        int n = ++s_ticks[vcpu];
        if (!(s_name.StartsWith("sleeper") && n > 2)) Health.Heartbeat();
        Console.WriteLine(string.Concat("tick ", n.ToString(), " on vCPU ", vcpu.ToString()));
        if (vcpu != 0) return;
        if (n == 3 && s_name.StartsWith("smp")) Interrupts.SendToVcpu(PingSgi, 1);
        if (n == 2)
        {
            if (s_name.StartsWith("intruder"))
                Console.WriteLine(string.Concat("read ", (*(uint*)IntruderTarget).ToString("x"), " from another domain"));
            if (s_name.StartsWith("thief"))
                Console.WriteLine(string.Concat("stole ", Device.Read32(VirtioSlot1).ToString("x")));
            if (s_name.StartsWith("quitter"))
                Domain.PowerOff();
            if (s_name.StartsWith("crasher"))
                Undefined();
            if (s_name.StartsWith("resetter"))
                Domain.Reset();
            if (s_name.StartsWith("snoop"))
                Console.WriteLine(string.Concat("snooped ", (*(ulong*)SnoopTarget).ToString("x")));
            if (s_name.StartsWith("pinger"))
            {
                s_out.Write64(0, 0x1234);
                Console.WriteLine(string.Concat("ping 0x1234 sent: ", s_out.Notify() ? "rang" : "no doorbell"));
            }
        }
        if (n == TicksBeforeOff && !s_name.StartsWith("sleeper"))
        {
            Console.WriteLine("done, powering off");
            Domain.PowerOff();
        }
    }

    private static void OnPing(uint sgi)
    {
        Console.WriteLine(string.Concat("SGI ", sgi.ToString(), " received on vCPU ", GuestRuntime.CurrentVcpu.ToString()));
    }

    private static void Undefined()
    {
        // UDF #0 is permanently undefined: the guest's own vector reports it to the hypervisor.
        delegate*<void> bad = (delegate*<void>)(void*)UdfAddress();
        bad();
    }

    private static ulong UdfAddress()
    {
        uint* code = (uint*)Memory.AllocateZeroed(16); // zero is UDF #0 on ARM64
        return (ulong)code;
    }
}
