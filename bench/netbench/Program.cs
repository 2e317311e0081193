// The network bench service (bench/net.yaml, tools/Bulkhead.Systems/Bench/NetBench.cs): the same
// image in two domains, "client" (10.0.2.20) and "peer" (10.0.2.21), on three paths in turn:
//   1. message rings on a duplex link between their cores: round trip of a 64-byte message
//      (reader sleeps, the writer rings its doorbell) and throughput of 1 KiB messages;
//   2. UDP through the network driver domain (both are `network:` clients of netdrv): round trip
//      of a 64-byte datagram to the peer's echo port, then packets/s of a burst to its sink port;
//   3. the same UDP code on a virtio-net card each domain owns directly (client virtio23, peer
//      virtio15, joined by a QEMU hub; 10.0.3.20 and 10.0.3.21): no driver domain in the path.
// The client prints "bench: name=value" lines (BenchFigures) and "bench: done"; every domain then
// ends (the driver powers off after its clients' end marks). Times are virtual: under -icount
// shift=0 one instruction is one nanosecond; the counter ticks every 16 ns.
using Bulkhead.Drivers.Virtio;
using Bulkhead.Guest;
using Bulkhead.Guest.Net;

public static unsafe class Program
{
    private const uint ClientIp = 0x0A000214, PeerIp = 0x0A000215;              // 10.0.2.20, 10.0.2.21
    private const uint DirectClientIp = 0x0A000314, DirectPeerIp = 0x0A000315;  // 10.0.3.20, 10.0.3.21
    // The cards each domain owns itself (boards/qemu-virt-gicv3.yaml: virtio23, virtio15; each on a
    // 4 KiB page of its own, as stage 2 maps whole pages).
    private const ulong ClientCard = 0xA002E00, PeerCard = 0xA001E00;
    private const uint ClientCardIntId = 71, PeerCardIntId = 63;
    private const int RingLink = 0;
    private const int RingRoundTrips = 1000, RingMessages = 20000;
    private const uint RingSmall = 64, RingLarge = 1024;
    private const int UdpRoundTrips = 200, UdpBurst = 2000;
    private const uint UdpSize = 64;
    private const ushort EchoPort = 7, SinkPort = 9, ControlPort = 10, ClientPort = 5000;
    private static VirtioNet s_card;
    private static ulong* s_samples;

    public static void Main()
    {
        s_samples = (ulong*)Memory.AllocateZeroed(RingRoundTrips * sizeof(ulong));
        bool opened = NetworkInterface.OpenFromPlan(out NetworkInterface nic);
        opened &= Connection.Open(RingLink, out Connection ring);
        if (!opened)
        {
            Console.WriteLine("netbench: not a network client with a ring link (bench/net.yaml)");
            Domain.PowerOff();
        }
        IpStack stack = IpStack.FromPlan(nic);
        bool client = stack.Address == ClientIp;
        if (!VirtioNet.Open(client ? ClientCard : PeerCard, client ? ClientCardIntId : PeerCardIntId, out s_card))
            Console.WriteLine("netbench: no virtio-net card of its own");
        NetworkInterface.OpenDirect(s_card.Mac, &CardSend, &CardReceive, &CardWait, out NetworkInterface direct);
        IpStack directStack = new IpStack(direct, client ? DirectClientIp : DirectPeerIp, 24, 0);
        if (client)
        {
            RingClient(ref ring);
            UdpClient(stack, PeerIp, "udp-driver");
            UdpClient(directStack, DirectPeerIp, "udp-direct");
            Console.WriteLine("bench: done");
        }
        else
        {
            RingPeer(ref ring);
            UdpPeer(stack);
            UdpPeer(directStack);
        }
        stack.Interface.Close();
        Domain.PowerOff();
    }

    private static void RingClient(ref Connection ring)
    {
        byte* message = stackalloc byte[(int)RingLarge];
        for (uint i = 0; i < RingLarge; i++) message[i] = (byte)i;
        for (int i = 0; i < RingRoundTrips; i++)
        {
            ulong start = Time.Ticks;
            while (!ring.Out.TrySend(message, RingSmall)) ring.Out.Flush();
            ring.In.WaitForMessage(1000);
            ring.In.TryReceive(message, RingLarge, out _);
            s_samples[i] = Nanoseconds(Time.Ticks - start);
        }
        Report("ring-roundtrip-ns", s_samples, RingRoundTrips);
        ulong begin = Time.Ticks;
        for (int i = 0; i < RingMessages; i++)
            while (!ring.Out.TrySend(message, RingLarge)) ring.Out.Flush();
        ring.In.WaitForMessage(10_000);
        ring.In.TryReceive(message, RingLarge, out _);
        ulong ns = Nanoseconds(Time.Ticks - begin);
        Console.WriteLine(string.Concat("bench: ring-throughput-bytes-per-second=", PerSecond((ulong)RingMessages * RingLarge, ns).ToString()));
        Console.WriteLine(string.Concat("bench: ring-messages-per-second=", PerSecond(RingMessages, ns).ToString()));
    }

    private static void RingPeer(ref Connection ring)
    {
        byte* message = stackalloc byte[(int)RingLarge];
        for (int i = 0; i < RingRoundTrips; i++)
        {
            ring.In.WaitForMessage();
            ring.In.TryReceive(message, RingLarge, out uint length);
            while (!ring.Out.TrySend(message, length)) ring.Out.Flush();
        }
        for (int i = 0; i < RingMessages; i++)
        {
            while (!ring.In.TryReceive(message, RingLarge, out _)) ring.In.WaitForMessage();
        }
        while (!ring.Out.TrySend(message, 8)) ring.Out.Flush();
    }

    /// <summary>Round trips to the peer's echo port, then a burst to its sink port; "end" on the control port asks for the count.</summary>
    private static void UdpClient(IpStack stack, uint peer, string name)
    {
        bool reached = false;
        for (int i = 0; i < 20 && !reached; i++) reached = stack.Ping(peer, 1000, out _);
        if (!reached) { Console.WriteLine(string.Concat("netbench: ", name, ": the peer does not answer")); return; }
        UdpSocket socket = new UdpSocket(stack);
        socket.Bind(ClientPort);
        byte* data = stackalloc byte[(int)NetLayout.MaxUdpPayload];
        for (uint i = 0; i < UdpSize; i++) data[i] = (byte)(i * 3);
        int answered = 0;
        for (int i = 0; i < UdpRoundTrips; i++)
        {
            ulong start = Time.Ticks;
            if (!socket.SendTo(peer, EchoPort, data, UdpSize)) continue;
            if (!socket.ReceiveFrom(data, NetLayout.MaxUdpPayload, out _, out _, out _, 1000)) continue;
            s_samples[answered++] = Nanoseconds(Time.Ticks - start);
        }
        if (answered == 0) { Console.WriteLine(string.Concat("netbench: ", name, ": no echo")); return; }
        Report(string.Concat(name, "-roundtrip-ns"), s_samples, answered);

        uint sent = 0;
        ulong begin = Time.Ticks;
        for (int i = 0; i < UdpBurst; i++) if (socket.SendTo(peer, SinkPort, data, UdpSize)) sent++;
        data[0] = (byte)'e'; data[1] = (byte)'n'; data[2] = (byte)'d';
        uint counted = 0;
        for (int tries = 0; tries < 10 && counted == 0; tries++)
        {
            socket.SendTo(peer, ControlPort, data, 3);
            if (socket.ReceiveFrom(data, NetLayout.MaxUdpPayload, out uint length, out _, out ushort port, 1000) && port == ControlPort && length == 4)
                counted = NetBytes.Read32(data);
        }
        ulong ns = Nanoseconds(Time.Ticks - begin);
        Console.WriteLine(string.Concat(string.Concat("bench: ", name, "-packets-per-second="), PerSecond(counted, ns).ToString()));
        Console.WriteLine(string.Concat(string.Concat("bench: ", name, "-burst-received="), counted.ToString()));
        Console.WriteLine(string.Concat(string.Concat("bench: ", name, "-burst-sent="), sent.ToString()));
    }

    /// <summary>Echoes port 7, counts what reaches port 9 (queued or not), answers "end" on port 10 with the count.</summary>
    private static void UdpPeer(IpStack stack)
    {
        UdpSocket echo = new UdpSocket(stack), sink = new UdpSocket(stack), control = new UdpSocket(stack);
        echo.Bind(EchoPort);
        sink.Bind(SinkPort);
        control.Bind(ControlPort);
        byte* data = stackalloc byte[(int)NetLayout.MaxUdpPayload];
        // Datagrams the stack took (queued or dropped for a full queue) after the last echo: the burst.
        uint sinkBase = 0;
        while (true)
        {
            stack.PollOrWait(Time.Milliseconds + 10);
            while (echo.TryReceiveFrom(data, NetLayout.MaxUdpPayload, out uint length, out uint ip, out ushort port))
            {
                echo.SendTo(ip, port, data, length);
                sinkBase = stack.Counters.UdpDelivered + stack.Counters.UdpQueueFull;
            }
            while (sink.TryReceiveFrom(data, NetLayout.MaxUdpPayload, out _, out _, out _)) { }
            if (control.TryReceiveFrom(data, NetLayout.MaxUdpPayload, out uint n, out uint from, out ushort fromPort) && n == 3 && data[0] == 'e')
            {
                uint count = stack.Counters.UdpDelivered + stack.Counters.UdpQueueFull - 1 - sinkBase;   // less this "end"
                NetBytes.Write32(data, count);
                control.SendTo(from, fromPort, data, 4);
                // Stay a little for a repeated "end" whose answer was lost, then go on.
                ulong until = Time.Milliseconds + 50;
                while (Time.Milliseconds < until)
                {
                    stack.PollOrWait(until);
                    if (control.TryReceiveFrom(data + 8, 64, out _, out _, out _)) control.SendTo(from, fromPort, data, 4);
                }
                return;
            }
        }
    }

    private static bool CardSend(byte* frame, uint length) => s_card.TrySend(frame, length);

    private static bool CardReceive(byte* buffer, uint capacity, uint* length)
    {
        bool ok = s_card.TryReceive(buffer, capacity, out uint got);
        *length = got;
        return ok;
    }

    private static bool CardWait(ulong timeoutMs) => timeoutMs == 0 ? s_card.HasFrame : s_card.WaitForFrame(timeoutMs);

    private static ulong Nanoseconds(ulong ticks) => ticks * 1_000_000_000 / Time.Frequency;

    private static ulong PerSecond(ulong count, ulong ns) => ns == 0 ? 0 : count * 1_000_000_000 / ns;

    /// <summary>Prints min, median and max of the samples (sorted in place).</summary>
    private static void Report(string name, ulong* values, int n)
    {
        for (int i = 1; i < n; i++)
        {
            ulong v = values[i];
            int j = i - 1;
            while (j >= 0 && values[j] > v) { values[j + 1] = values[j]; j--; }
            values[j + 1] = v;
        }
        Console.WriteLine(string.Concat(
            string.Concat("bench: ", name, "=min:", values[0].ToString()),
            string.Concat(",median:", values[n / 2].ToString(), ",max:", values[n - 1].ToString())));
    }
}
