// A UDP echo server on the network (examples/systems/network.yaml): the SDK's IP stack on this
// domain's NetworkInterface, address and MAC from system.yaml `network: clients:`. It answers ARP
// and pings, and sends every datagram to port 7 back where it came from. A datagram "bye" ends it:
// it tells the driver domain "no more from me" (NetworkInterface.Close) and powers off, so the
// example system ends by itself (the driver powers off once every client has ended).
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
            if (length == 3 && buffer[0] == 'b' && buffer[1] == 'y' && buffer[2] == 'e')
            {
                Console.WriteLine(string.Concat("udp-echo: \"bye\" from ", NetBytes.FormatIpv4(ip), ": closing"));
                stack.Interface.Close();
                Domain.PowerOff();
            }
            socket.SendTo(ip, port, buffer, length);
            Console.WriteLine(string.Concat(string.Concat("udp-echo: ", length.ToString(), " bytes from "),
                string.Concat(NetBytes.FormatIpv4(ip), ":", port.ToString())));
        }
    }
}
