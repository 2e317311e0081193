// The network client test guest: the SDK's IP stack (unikernel-sdk/guest/Net) on a NetworkInterface.
//
// Pair mode (tests/systems/net-pair.yaml): two of these joined by link 0, no driver domain. The
// link's first domain is A (10.0.2.10, 02:00:00:00:00:0a), the second B (10.0.2.11, ...:0b). Both
// serve UDP echo on port 7 and answer pings. Then:
//   both  PASS net-ping peer=IP          the peer answered an ICMP echo request (ARP first)
//   A     PASS net-udp-echo datagrams=N  N datagrams of 1..1472 bytes came back from B's port 7 intact
//   A     sends B a ping in a frame for another MAC (B must not answer it), then "bye" to B's port 7
//   B     PASS net-serve echoed=N        it echoed N datagrams before "bye"
//   B     PASS net-filter not-for-us=1   it saw A's misaddressed frame, counted it and did not answer
//   A     PASS net-peer-gone              after B powered off: its ping fails at its timeout and
//                                         sends fail once the ring is full (20 ms each), no hang
//
// Plan mode (a client in system.yaml `network:`, tests/systems/network.yaml): interface, MAC and
// address from the plan, behind the network driver domain; the host test is the peer (10.0.2.2,
// the gateway). It serves UDP echo on port 7 and answers pings, and:
//         PASS net-ping peer=10.0.2.2         the host answered its ping through the driver domain
//         PASS net-serve echoed=N             it echoed N datagrams before the host's "bye"
//         PASS net-filter not-for-us=0        the driver never handed it a frame for another MAC
// Each prints a counters line ("net-client: counters ...") and powers off.
using Bulkhead.Generated;
using Bulkhead.Guest;
using Bulkhead.Guest.Net;

public static unsafe class Program
{
    private const ushort EchoPort = 7;
    private const ulong MacA = 0x02_00_00_00_00_0a, MacB = 0x02_00_00_00_00_0b, MacNobody = 0x02_00_00_00_00_ee;
    /// <summary>The peer may boot later: a ping is tried this many times, each with this timeout.</summary>
    private const int PingTries = 5;
    private const ulong PingTimeoutMs = 1000;
    private const ulong EchoTimeoutMs = 2000;
    /// <summary>The server gives up waiting for "bye" after this long.</summary>
    private const ulong ServeForMs = 30_000;

    /// <summary>Behind a driver domain the peer is the host, on wall-clock time, while an idle guest's
    /// virtual clock (-icount, sleep=off) races ahead: generous tries and a long serving time.</summary>
    private const int PlanPingTries = 30;
    private const ulong PlanServeForMs = 600_000;

    public static void Main()
    {
        if (GuestConfig.NetworkLink >= 0) PlanMode();
        if (!Connection.Open(0, out Connection link))
        {
            Fail("net-open", "link 0 could not be opened");
            Domain.PowerOff();
        }
        bool first = link.First;
        ulong mac = first ? MacA : MacB;
        uint address = NetBytes.Ipv4(10, 0, 2, first ? 10u : 11u);
        uint peer = NetBytes.Ipv4(10, 0, 2, first ? 11u : 10u);
        if (!NetworkInterface.Open(link, mac, out NetworkInterface nic))
        {
            Fail("net-open", "the link's rings are too small for a 1514-byte frame");
            Domain.PowerOff();
        }
        IpStack stack = new IpStack(nic, address, 24, 0);
        UdpSocket echo = new UdpSocket(stack);
        if (!echo.Bind(EchoPort)) Fail("net-bind", "port 7");
        Console.WriteLine(string.Concat(string.Concat("net-client: ", NetBytes.FormatIpv4(address), " "), NetBytes.FormatMac(mac)));

        PingPeer(stack, peer);
        if (first)
        {
            UdpEchoWith(stack, peer);
            SendMisaddressedPing(stack, peer);
            byte* bye = stackalloc byte[3];
            bye[0] = (byte)'b'; bye[1] = (byte)'y'; bye[2] = (byte)'e';
            if (!echo.SendTo(peer, EchoPort, bye, 3)) Fail("net-bye", "could not send");
            PeerGone(stack, peer);
        }
        else
        {
            Serve(stack, echo, ServeForMs);
            // A's misaddressed ping came before "bye" on the same ring: B has seen it by now.
            if (stack.Counters.FramesNotForUs == 1) Console.WriteLine("PASS net-filter not-for-us=1");
            else Fail("net-filter", string.Concat("frames not for us: ", stack.Counters.FramesNotForUs.ToString(), " (expected 1)"));
        }
        PrintCounters(stack);
        Domain.PowerOff();
    }

    private static void PlanMode()
    {
        if (!NetworkInterface.OpenFromPlan(out NetworkInterface nic))
        {
            Fail("net-open", "the network link of the plan could not be opened");
            Domain.PowerOff();
        }
        IpStack stack = IpStack.FromPlan(nic);
        UdpSocket echo = new UdpSocket(stack);
        if (!echo.Bind(EchoPort)) Fail("net-bind", "port 7");
        Console.WriteLine(string.Concat(string.Concat("net-client: ", NetBytes.FormatIpv4(stack.Address), " "), NetBytes.FormatMac(stack.Mac)));
        if (stack.Gateway != 0) PingPeer(stack, stack.Gateway, PlanPingTries);
        Serve(stack, echo, PlanServeForMs);
        if (stack.Counters.FramesNotForUs == 0) Console.WriteLine("PASS net-filter not-for-us=0");
        else Fail("net-filter", string.Concat("the driver delivered ", stack.Counters.FramesNotForUs.ToString(), " frames for another MAC"));
        PrintCounters(stack);
        Domain.PowerOff();
    }

    /// <summary>
    /// B powers off after "bye": nothing reads A's ring any more. A's calls must fail in bounded
    /// time: the ping at its timeout, SendTo once the ring is full (after TransmitWaitMs each).
    /// </summary>
    private static void PeerGone(IpStack stack, uint peer)
    {
        // Idle (WFI), not Time.Sleep's busy loop: under -icount a spinning core can keep B from
        // running at all, and B must get to "bye" and power off first.
        ulong until = Time.Milliseconds + 500;
        while (Time.Milliseconds < until) stack.PollOrWait(until);
        ulong start = Time.Milliseconds;
        if (stack.Ping(peer, 200, out _)) { Fail("net-peer-gone", "the peer still answers pings"); return; }
        ulong pingMs = Time.Milliseconds - start;
        UdpSocket socket = new UdpSocket(stack);
        byte[] data = new byte[NetLayout.MaxUdpPayload];
        uint refused = 0, sent = 0;
        start = Time.Milliseconds;
        for (int i = 0; i < 40; i++)
        {
            if (socket.SendTo(peer, EchoPort, data, NetLayout.MaxUdpPayload)) sent++;
            else refused++;
        }
        ulong sendMs = Time.Milliseconds - start;
        Console.WriteLine(string.Concat(string.Concat("net-client: peer gone: ping failed after ", pingMs.ToString(), " ms; 40 sends: "),
            string.Concat(sent.ToString(), " queued, ", refused.ToString(), string.Concat(" refused in ", sendMs.ToString(), " ms"))));
        if (pingMs < 200 || pingMs > 400) Fail("net-peer-gone", "the ping did not fail at its timeout");
        else if (refused == 0 || sent + refused != 40) Fail("net-peer-gone", "a full ring did not refuse sends");
        else if (sendMs > 40 * (NetworkInterface.TransmitWaitMs + 10)) Fail("net-peer-gone", "refused sends took longer than their wait");
        else Console.WriteLine("PASS net-peer-gone");
    }

    private static void PingPeer(IpStack stack, uint peer) => PingPeer(stack, peer, PingTries);

    private static void PingPeer(IpStack stack, uint peer, int tries)
    {
        for (int i = 0; i < tries; i++)
        {
            if (stack.Ping(peer, PingTimeoutMs, out ulong rtt))
            {
                Console.WriteLine(string.Concat("net-client: ping round trip ", rtt.ToString(), " ms"));
                Console.WriteLine(string.Concat("PASS net-ping peer=", NetBytes.FormatIpv4(peer)));
                return;
            }
        }
        Fail("net-ping", string.Concat("no echo reply from ", NetBytes.FormatIpv4(peer)));
    }

    private static void UdpEchoWith(IpStack stack, uint peer)
    {
        UdpSocket client = new UdpSocket(stack);
        byte[] sent = new byte[NetLayout.MaxUdpPayload];
        byte[] got = new byte[NetLayout.MaxUdpPayload];
        // No array initializers on bare metal (no RuntimeHelpers.InitializeArray): filled by hand.
        uint[] sizes = new uint[4];
        sizes[0] = 1; sizes[1] = 64; sizes[2] = 512; sizes[3] = NetLayout.MaxUdpPayload;
        for (int n = 0; n < sizes.Length; n++)
        {
            uint size = sizes[n];
            for (uint i = 0; i < size; i++) sent[i] = (byte)(i * 7 + (uint)n);
            if (!client.SendTo(peer, EchoPort, sent, size)) { Fail("net-udp-echo", "SendTo failed"); return; }
            if (!client.ReceiveFrom(got, out uint length, out uint from, out ushort port, EchoTimeoutMs))
            {
                Fail("net-udp-echo", string.Concat("no echo of ", size.ToString(), " bytes"));
                return;
            }
            if (from != peer || port != EchoPort || length != size) { Fail("net-udp-echo", "echo from the wrong place or of the wrong size"); return; }
            for (uint i = 0; i < size; i++)
                if (got[i] != sent[i]) { Fail("net-udp-echo", string.Concat("byte ", i.ToString(), " differs")); return; }
        }
        Console.WriteLine(string.Concat("PASS net-udp-echo datagrams=", sizes.Length.ToString()));
    }

    /// <summary>A well-formed echo request for the peer's IP, in a frame for a MAC nobody has: a filtering stack must drop it.</summary>
    private static void SendMisaddressedPing(IpStack stack, uint peer)
    {
        byte* frame = stackalloc byte[64];
        for (int i = 0; i < 64; i++) frame[i] = 0;
        NetBytes.WriteMac(frame, MacNobody);
        NetBytes.WriteMac(frame + 6, stack.Mac);
        NetBytes.Write16(frame + 12, NetLayout.EtherTypeIpv4);
        byte* ip = frame + 14;
        ip[0] = 0x45;
        NetBytes.Write16(ip + 2, 28);
        ip[8] = 64;
        ip[9] = NetLayout.ProtocolIcmp;
        NetBytes.Write32(ip + 12, stack.Address);
        NetBytes.Write32(ip + 16, peer);
        NetBytes.Write16(ip + 10, InternetChecksum.Compute(ip, 20));
        byte* icmp = ip + 20;
        icmp[0] = NetLayout.IcmpEchoRequest;
        NetBytes.Write16(icmp + 4, 0xdead);
        NetBytes.Write16(icmp + 6, 1);
        NetBytes.Write16(icmp + 2, InternetChecksum.Compute(icmp, 8));
        if (!stack.Interface.Transmit(frame, 42)) Fail("net-misaddressed", "could not send");
    }

    private static void Serve(IpStack stack, UdpSocket echo, ulong serveForMs)
    {
        byte[] buffer = new byte[NetLayout.MaxUdpPayload];
        uint echoed = 0;
        ulong until = Time.Milliseconds + serveForMs;
        while (Time.Milliseconds < until)
        {
            if (!echo.ReceiveFrom(buffer, out uint length, out uint from, out ushort port, 200)) continue;
            if (length == 3 && buffer[0] == 'b' && buffer[1] == 'y' && buffer[2] == 'e')
            {
                Console.WriteLine(string.Concat("PASS net-serve echoed=", echoed.ToString()));
                return;
            }
            if (echo.SendTo(from, port, buffer, length)) echoed++;
        }
        Fail("net-serve", string.Concat(string.Concat("no \"bye\" within ", (serveForMs / 1000).ToString(), " s; echoed "), echoed.ToString()));
    }

    private static void PrintCounters(IpStack stack)
    {
        NetCounters c = stack.Counters;
        Console.WriteLine(string.Concat(
            string.Concat("net-client: counters received=", c.FramesReceived.ToString(), " sent=", c.FramesSent.ToString()),
            string.Concat(" not-for-us=", c.FramesNotForUs.ToString(), " malformed=", c.Malformed.ToString()),
            string.Concat(" bad-checksum=", c.BadChecksum.ToString(), " echo-answered=", c.EchoRequestsAnswered.ToString()),
            string.Concat(" udp-delivered=", c.UdpDelivered.ToString(), " udp-dropped=", (c.UdpNoSocket + c.UdpQueueFull).ToString())));
    }

    private static void Fail(string check, string why) => Console.WriteLine(string.Concat(string.Concat("FAIL ", check, ": "), why));
}
