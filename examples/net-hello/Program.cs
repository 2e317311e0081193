// A network client (examples/systems/network.yaml): pings the echo server (udp-echo, 10.0.2.11)
// through the network driver domain, sends it a few datagrams, prints the answers, tells the server
// "bye" (it powers off) and the driver domain it has ended (NetworkInterface.Close), and powers off.
using Bulkhead.Guest;
using Bulkhead.Guest.Net;

public static unsafe class Program
{
    private const uint Server = (10u << 24) | (2u << 8) | 11u;   // 10.0.2.11

    public static void Main()
    {
        if (!NetworkInterface.OpenFromPlan(out NetworkInterface nic))
        {
            Console.WriteLine("net-hello: this domain is not a network client in system.yaml");
            return;
        }
        IpStack stack = IpStack.FromPlan(nic);
        UdpSocket socket = new UdpSocket(stack);
        byte[] reply = new byte[64];
        Console.WriteLine(string.Concat(string.Concat("net-hello: ", NetBytes.FormatIpv4(stack.Address), " "), NetBytes.FormatMac(stack.Mac)));

        // The server may still be starting: ARP and ping are retried.
        bool reached = false;
        for (int i = 0; i < 10 && !reached; i++)
        {
            if (stack.Ping(Server, 1000, out ulong rtt))
            {
                reached = true;
                Console.WriteLine(string.Concat(string.Concat("net-hello: ping ", NetBytes.FormatIpv4(Server), " answered in "), rtt.ToString(), " ms"));
            }
        }
        if (!reached) Console.WriteLine("net-hello: the echo server does not answer pings");

        byte* text = stackalloc byte[16];
        for (uint n = 1; n <= 3 && reached; n++)
        {
            // "hello N" without allocating: the bytes by hand.
            text[0] = (byte)'h'; text[1] = (byte)'e'; text[2] = (byte)'l'; text[3] = (byte)'l'; text[4] = (byte)'o';
            text[5] = (byte)' '; text[6] = (byte)('0' + n);
            if (!socket.SendTo(Server, 7, text, 7)) { Console.WriteLine("net-hello: send failed"); break; }
            if (socket.ReceiveFrom(reply, out uint length, out uint from, out ushort port, 2000))
                Console.WriteLine(string.Concat(string.Concat("net-hello: echo of \"hello ", n.ToString(), "\" from "),
                    string.Concat(NetBytes.FormatIpv4(from), " (", length.ToString(), " bytes)")));
            else Console.WriteLine(string.Concat("net-hello: no echo of datagram ", n.ToString()));
        }
        text[0] = (byte)'b'; text[1] = (byte)'y'; text[2] = (byte)'e';
        if (reached && !socket.SendTo(Server, 7, text, 3)) Console.WriteLine("net-hello: could not say bye");
        stack.Interface.Close();
        NetCounters c = stack.Counters;
        Console.WriteLine(string.Concat(string.Concat("net-hello: done; frames sent ", c.FramesSent.ToString(), " received "), c.FramesReceived.ToString()));
        Domain.PowerOff();
    }
}
