// The management server the SDK ships (docs/management.md): name it in system.yaml
// `management: { server: mgr, key_file: keys/mgmt.key, udp_port: 7700 }` and give that domain
// `image: { builtin: mgmt-server }`, `manages: [...]` and a `network:` client entry with an ipv4.
// It serves the management protocol, version 1, on that UDP port through the network driver
// domain: one HMAC-SHA256-authenticated JSON request per datagram, one answer per datagram
// (RequestHandler.cs), calling Bulkhead.Guest.Management. The key is compiled into this image
// only (GuestConfig.ManagementKeyHex). On its console:
//   mgmt-server: listening on 10.0.2.20:7700, managing 2 of 4 domains
//   mgmt: refused <op> from <ip>:<port>: <code> (<detail>)      one per refused request
//   mgmt: <op> <domain> for <ip>:<port>                          one per control action done
using Bulkhead.Generated;
using Bulkhead.Guest;
using Bulkhead.Guest.Net;

public static unsafe class Program
{
    /// <summary>How long one receive waits: the loop feeds the watchdog (if any) at least this often.</summary>
    private const ulong ReceiveWaitMs = 10;

    public static void Main()
    {
        if (GuestConfig.ManagementUdpPort == 0 || GuestConfig.ManagementKeyHex.Length == 0)
        {
            Console.WriteLine("mgmt-server: this domain is not the 'management: server' of the system: nothing to do");
            return;
        }
        if (!RequestHandler.LoadKey(GuestConfig.ManagementKeyHex))
        {
            Console.WriteLine("mgmt-server: the built-in key is not 16 to 64 bytes of hex: nothing served");
            return;
        }
        if (!NetworkInterface.OpenFromPlan(out NetworkInterface nic))
        {
            Console.WriteLine("mgmt-server: this domain is not a 'network:' client: nothing served");
            return;
        }
        IpStack stack = IpStack.FromPlan(nic);
        UdpSocket socket = new UdpSocket(stack);
        if (!socket.Bind(GuestConfig.ManagementUdpPort))
        {
            Console.WriteLine(string.Concat("mgmt-server: UDP port ", ((uint)GuestConfig.ManagementUdpPort).ToString(), " cannot be bound"));
            return;
        }
        int managed = 0;
        uint mask = Management.ManagedMask;
        for (int id = 0; id < 32; id++) if ((mask & (1u << id)) != 0) managed++;
        Console.WriteLine(string.Concat("mgmt-server: listening on ", NetBytes.FormatIpv4(stack.Address), ":", ((uint)GuestConfig.ManagementUdpPort).ToString(),
            string.Concat(", managing ", managed.ToString(), " of ", Management.DomainCount.ToString(), " domains")));

        byte* request = stackalloc byte[RequestHandler.ReceiveCapacity];
        byte* answer = stackalloc byte[RequestHandler.AnswerCapacity];
        while (true)
        {
            Health.Heartbeat();
            if (!socket.ReceiveFrom(request, RequestHandler.ReceiveCapacity, out uint length, out uint ip, out ushort port, ReceiveWaitMs)) continue;
            int answerLength = RequestHandler.Handle(request, (int)length, ip, port, answer);
            if (answerLength > 0) socket.SendTo(ip, port, answer, (uint)answerLength);
        }
    }
}
