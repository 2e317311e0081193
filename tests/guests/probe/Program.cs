// The test guest of the isolation and partitioning tests. One service, several behaviours, chosen
// by the name its domain has in the system file (tests/systems/*.yaml):
//   every domain     greets, prints its RAM region, ticks its virtual timer every 50 ms and powers itself off after 10 ticks
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
//
// What a domain can judge itself it judges, in a fixed line the tests assert next to the
// hypervisor's containment line: "PASS <name>" or "FAIL <name>: why". A FAIL after an access that
// must never return (intruder, thief, snoop, crasher, quitter, resetter) means it did return.
//   every domain     PASS cpu-on-foreign   CPU_ON of a vCPU outside its domain is refused
//                    PASS timer            10 ticks arrived, none earlier than its period allows
//   smp-*            PASS cpu-on, PASS sgi vCPU 1 started and runs; SGI 5 from vCPU 0 arrived on it
//   owner-*          PASS passthrough      its device answers with the virtio magic value
//   snoop-*          PASS channel-refused  Channel.Open of a channel it is not party to fails
//   pinger-*         PASS ping-pong        the pong (ping + 1) arrived after the ping was rung
//   ponger-*         PASS ping-received    the ping value arrived with the doorbell
//   sleeper-*        FAIL watchdog         when it is still alive 2 s after its last heartbeat
using Bulkhead.Generated;
using Bulkhead.Guest;

public static unsafe class Program
{
    // Base of domain "alpha"'s memory in tests/systems/*.yaml (not this domain's).
    private const ulong IntruderTarget = 0x44000000;
    private const ulong VirtioSlot0 = 0x0A000000, VirtioSlot1 = 0x0A000200;
    // Where the checker places channel 0 of tests/systems/channels.yaml (first free RAM after the hypervisor).
    private const ulong SnoopTarget = 0x40400000;
    private const int TicksBeforeOff = 10;
    private const ulong TickMs = 50;
    // Far beyond sleeper-*'s 600 ms watchdog period.
    private const int SleeperGiveUpTicks = 40;
    private const uint VirtioMagic = 0x74726976; // "virt"
    private const ulong PingValue = 0x1234;

    private static string s_name = "";
    private static int[] s_ticks = new int[8];
    private static ulong[] s_timerStartMs = new ulong[8];
    private static bool[] s_tickEarly = new bool[8];
    private static bool s_pingSent;

    private static void Pass(string name) => Console.WriteLine(string.Concat("PASS ", name));
    private static void Fail(string name, string why) => Console.WriteLine(string.Concat("FAIL ", name, ": ", why));

    public static void Main()
    {
        s_name = Domain.Name;
        Console.WriteLine(string.Concat("hello from ", s_name, ": domain ", Domain.Id.ToString(), ", vCPU 0 of ", Domain.VcpuCount.ToString()));
        // The domain's RAM region as its image was linked for it (GuestConfig: link-time data; the domains
        // of one system share one compilation of this service).
        Console.WriteLine(string.Concat("RAM 0x", GuestConfig.RamBase.ToString("x"), " + 0x", GuestConfig.RamSize.ToString("x")));
        // The vCPU after its last one belongs to no vCPU of this domain (its core may be another domain's).
        int foreign = Domain.VcpuCount;
        if (Cpus.Start(foreign, &Secondary)) Fail("cpu-on-foreign", string.Concat("CPU_ON of vCPU ", foreign.ToString(), " (not in this domain) was accepted"));
        else Pass("cpu-on-foreign");
        if (s_name.StartsWith("owner"))
        {
            uint magic = Device.Read32(VirtioSlot0);
            Console.WriteLine(string.Concat("virtio magic 0x", magic.ToString("x")));
            if (magic == VirtioMagic) Pass("passthrough");
            else Fail("passthrough", string.Concat("virtio magic 0x", magic.ToString("x"), ", expected 0x", VirtioMagic.ToString("x")));
        }
        if (s_name.StartsWith("smp") && !Cpus.Start(1, &Secondary))
            Fail("cpu-on", "CPU_ON of vCPU 1 of this domain was refused");
        if (s_name.StartsWith("pinger")) OpenChannels(0, 1, &OnPong);
        if (s_name.StartsWith("ponger")) OpenChannels(1, 0, &OnChannelPing);
        if (s_name.StartsWith("snoop"))
        {
            bool opened = Channel.Open(0, out _);
            Console.WriteLine(opened ? "channel 0 opened" : "channel 0 refused");
            if (opened) Fail("channel-refused", "Channel.Open(0) succeeded in a domain that is party to no channel");
            else Pass("channel-refused");
        }
        StartTicking(0);
        while (true) Interrupts.WaitForInterrupt();
    }

    private static Channel s_out, s_in;

    private static void OpenChannels(int output, int input, delegate*<uint, void> onDoorbell)
    {
        if (!Channel.Open(output, out s_out) || !Channel.Open(input, out s_in) || !s_out.IsWriter || s_in.IsWriter)
        {
            Console.WriteLine("channels not available");
            Fail(s_name.StartsWith("pinger") ? "ping-pong" : "ping-received", "its channels could not be opened");
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
        if (value == PingValue) Pass("ping-received");
        else Fail("ping-received", string.Concat("read 0x", value.ToString("x"), ", expected 0x", PingValue.ToString("x")));
    }

    private static void OnPong(uint intId)
    {
        ulong value = s_in.Read64(0);
        Console.WriteLine(string.Concat("pong 0x", value.ToString("x")));
        if (!s_pingSent) Fail("ping-pong", "a pong arrived before the ping was sent");
        else if (value != PingValue + 1) Fail("ping-pong", string.Concat("pong 0x", value.ToString("x"), ", expected 0x", (PingValue + 1).ToString("x")));
        else Pass("ping-pong");
    }

    private const uint PingSgi = 5;

    private static void Secondary(int vcpu)
    {
        Interrupts.Register(PingSgi, &OnPing);
        Interrupts.Enable(PingSgi);
        Console.WriteLine(string.Concat("vCPU ", vcpu.ToString(), " running"));
        Pass("cpu-on");
        StartTicking(vcpu);
    }

    private static void StartTicking(int vcpu)
    {
        s_timerStartMs[vcpu] = Time.Milliseconds;
        Time.Every(TickMs, &Tick);
    }

    private static void Tick(int vcpu)
    {
        int n = ++s_ticks[vcpu];
        if (!(s_name.StartsWith("sleeper") && n > 2)) Health.Heartbeat();
        Console.WriteLine(string.Concat("tick ", n.ToString(), " on vCPU ", vcpu.ToString()));
        ulong elapsed = Time.Milliseconds - s_timerStartMs[vcpu];
        // One millisecond of slack: Milliseconds rounds down.
        if (elapsed + 1 < (ulong)n * TickMs && !s_tickEarly[vcpu])
        {
            s_tickEarly[vcpu] = true;
            Fail("timer", string.Concat("tick ", n.ToString(), " on vCPU ", vcpu.ToString(), " came after ", elapsed.ToString(), " ms"));
        }
        if (vcpu != 0) return;
        if (n == TicksBeforeOff && !s_tickEarly[0]) Pass("timer");
        if (n == SleeperGiveUpTicks && s_name.StartsWith("sleeper"))
            Fail("watchdog", string.Concat("still running ", ((ulong)(n - 2) * TickMs).ToString(), " ms after the last heartbeat"));
        if (n == 3 && s_name.StartsWith("smp")) Interrupts.SendToVcpu(PingSgi, 1);
        if (n == 2)
        {
            if (s_name.StartsWith("intruder"))
            {
                Console.WriteLine(string.Concat("read ", (*(uint*)IntruderTarget).ToString("x"), " from another domain"));
                Fail("intruder-read", "reading another domain's memory returned");
            }
            if (s_name.StartsWith("thief"))
            {
                Console.WriteLine(string.Concat("stole ", Device.Read32(VirtioSlot1).ToString("x")));
                Fail("thief-read", "reading a device of another domain returned");
            }
            if (s_name.StartsWith("quitter"))
            {
                Domain.PowerOff();
                Fail("system-off", "PSCI SYSTEM_OFF returned");
            }
            if (s_name.StartsWith("crasher"))
            {
                Undefined();
                Fail("undefined-instruction", "an undefined instruction returned");
            }
            if (s_name.StartsWith("resetter"))
            {
                Domain.Reset();
                Fail("system-reset", "PSCI SYSTEM_RESET returned");
            }
            if (s_name.StartsWith("snoop"))
            {
                Console.WriteLine(string.Concat("snooped ", (*(ulong*)SnoopTarget).ToString("x")));
                Fail("snoop-read", "reading a channel of other domains returned");
            }
            if (s_name.StartsWith("pinger"))
            {
                s_out.Write64(0, PingValue);
                s_pingSent = true;
                bool rang = s_out.Notify();
                Console.WriteLine(string.Concat("ping 0x", PingValue.ToString("x"), " sent: ", rang ? "rang" : "no doorbell"));
                if (!rang) Fail("ping-pong", "the doorbell of channel 0 did not ring");
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
        int vcpu = GuestRuntime.CurrentVcpu;
        Console.WriteLine(string.Concat("SGI ", sgi.ToString(), " received on vCPU ", vcpu.ToString()));
        if (sgi == PingSgi && vcpu == 1) Pass("sgi");
        else Fail("sgi", string.Concat("SGI ", sgi.ToString(), " arrived on vCPU ", vcpu.ToString()));
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
