// The network driver domain (docs/driver-domains.md): owns the virtio-net device system.yaml's
// 'network:' names and bridges Ethernet frames between it and one duplex link per client
// (Bridge.cs). Everything it needs is generated into GuestConfig and NetworkClients. When every
// client has sent its end mark (NetworkInterface.Close) and nothing is left to forward, it powers
// its domain off. It prints its counters when they changed, at most every ReportMs of its time:
//   net-driver: wire in N out N unknown N spoofed N busy N malformed N learned N
//   net-driver: client i <mac> forwarded N delivered N spoofed N rate-limited N ring-full N malformed N
using Bulkhead.Drivers.Virtio;
using Bulkhead.Generated;
using Bulkhead.Guest;

public static unsafe class NetDriver
{
    private const ulong ReportMs = 50;
    /// <summary>The backstop tick: a client's doorbell (or the NIC's interrupt) wakes the idle bridge; a refused doorbell (over `doorbell_limit`) or a ring without one waits for this.</summary>
    private const ulong PollMs = 1;
    /// <summary>The loop feeds the domain's watchdog this often, so `watchdog_ms` (20 ms or more) catches a stuck bridge.</summary>
    private const ulong HeartbeatMs = 10;

    /// <summary>
    /// Opens the NIC and every client's link, then bridges for ever (or until every client sent its
    /// end mark). <paramref name="afterPass"/> (may be null) runs after each pass: a test variant
    /// of the driver (tests/guests/net-crasher) faults there on purpose.
    /// </summary>
    public static void Run(delegate*<void> afterPass)
    {
        if (GuestConfig.NetworkDeviceBase == 0)
        {
            Console.WriteLine("net-driver: this domain is not the driver of a 'network:' section: nothing to do");
            return;
        }
        if (!VirtioNet.Open(GuestConfig.NetworkDeviceBase, GuestConfig.NetworkDeviceIntId, out Bridge.Nic))
        {
            Console.WriteLine(string.Concat("net-driver: no virtio-net device answers at 0x", GuestConfig.NetworkDeviceBase.ToString("x")));
            return;
        }
        Bridge.Initialize(GuestConfig.NetworkClientCount);
        for (int i = 0; i < GuestConfig.NetworkClientCount; i++)
        {
            Bridge.Ports[i].Mac = NetworkClients.Mac(i);
            Bridge.Ports[i].RateLimit = NetworkClients.RateLimit(i);
            Bridge.Ports[i].Limiter = RateLimiter.Create(NetworkClients.RateLimit(i));
            Bridge.Ports[i].Open = Connection.Open(NetworkClients.Link(i), out Bridge.Ports[i].Link);
            if (!Bridge.Ports[i].Open)
                Console.WriteLine(string.Concat("net-driver: client ", i.ToString(), ": link ", NetworkClients.Link(i).ToString(), " does not open"));
        }
        Console.WriteLine(string.Concat(string.Concat("net-driver: NIC ", EthernetFrame.MacText(Bridge.Nic.Mac), " (virtio-mmio version ", Bridge.Nic.Transport.Version.ToString()),
            string.Concat("), ", GuestConfig.NetworkClientCount.ToString(), " clients")));

        Time.Every(PollMs, &OnTick);
        ulong reportTicks = ReportMs * (Time.Frequency / 1000);
        ulong nextReport = Time.Ticks + reportTicks;
        ulong reported = 0;
        ulong heartbeatTicks = HeartbeatMs * (Time.Frequency / 1000);
        ulong nextHeartbeat = 0;
        while (true)
        {
            bool busy = Bridge.Pass();
            if (afterPass != null) afterPass();
            if (!busy && Bridge.AllClientsEnded)
            {
                Report();
                Console.WriteLine("net-driver: every client has ended: powering off");
                Domain.PowerOff();
            }
            ulong now = Time.Ticks;
            if (now >= nextHeartbeat)
            {
                nextHeartbeat = now + heartbeatTicks;
                Health.Heartbeat();
            }
            if (now >= nextReport)
            {
                nextReport = now + reportTicks;
                ulong activity = Bridge.Activity();
                if (activity != reported)
                {
                    reported = activity;
                    Report();
                }
            }
            if (!busy) Bridge.Idle();
        }
    }

    private static void OnTick(int vcpu) { }

    private static void Report()
    {
        Console.WriteLine(string.Concat(
            string.Concat("net-driver: wire in ", Bridge.WireIn.ToString(), " out ", Bridge.WireOut.ToString()),
            string.Concat(" unknown ", Bridge.WireUnknown.ToString(), " spoofed ", Bridge.WireSpoofed.ToString()),
            string.Concat(" busy ", Bridge.WireBusy.ToString(), " malformed ", Bridge.WireMalformed.ToString()),
            string.Concat(" learned ", Bridge.Learned.ToString())));
        for (int i = 0; i < Bridge.Ports.Length; i++)
        {
            Console.WriteLine(string.Concat(
                string.Concat("net-driver: client ", i.ToString(), " ", EthernetFrame.MacText(Bridge.Ports[i].Mac)),
                string.Concat(" forwarded ", Bridge.Ports[i].Forwarded.ToString(), " delivered ", Bridge.Ports[i].Delivered.ToString()),
                string.Concat(" spoofed ", Bridge.Ports[i].Spoofed.ToString(), " rate-limited ", Bridge.Ports[i].RateLimited.ToString()),
                string.Concat(" ring-full ", Bridge.Ports[i].RingFull.ToString(), " malformed ", Bridge.Ports[i].Malformed.ToString())));
        }
    }
}
