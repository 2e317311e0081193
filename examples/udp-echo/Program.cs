// A UDP echo server on the network (examples/systems/network.yaml): the SDK's IP stack on this
// domain's NetworkInterface, address and MAC from system.yaml `network: clients:`. It answers ARP
// and pings, and sends every datagram to port 7 back where it came from.
using Bulkhead.Guest;
using Bulkhead.Guest.Net;

public static unsafe class Program
{
    private const ushort EchoPort = 7;

    public static void Main()
    {
        if (!NetworkInterface.OpenFromPlan(out NetworkInterface nic))
        {
            Console.WriteLine("udp-echo: this domain is not a network client in system.yaml");
            return;
        }
        // Allocated once here: the stack, the socket and its queue, the buffer.
        IpStack stack = IpStack.FromPlan(nic);
        UdpSocket socket = new UdpSocket(stack);
        socket.Bind(EchoPort);
        byte[] buffer = new byte[NetLayout.MaxUdpPayload];
        Console.WriteLine(string.Concat("udp-echo: listening on ", NetBytes.FormatIpv4(stack.Address), ":7"));
        while (true)
        {
            // Polls the interface (answering ARP and pings meanwhile) and sleeps between frames.
            if (!socket.ReceiveFrom(buffer, out uint length, out uint ip, out ushort port, 1000)) continue;
            socket.SendTo(ip, port, buffer, length);
            Console.WriteLine(string.Concat(string.Concat("udp-echo: ", length.ToString(), " bytes from "),
                string.Concat(NetBytes.FormatIpv4(ip), ":", port.ToString())));
        }
    }
}
