// A raw-frame client of the network driver domain (tests/systems/virtio-net.yaml,
// tests/Bulkhead.Tests/VirtioNetDriverTests.cs). It sends and receives whole Ethernet frames on its
// link net.<name> (GuestConfig.NetworkLink) and checks every frame it receives:
//   PASS filter frames=N      every received frame was addressed to its MAC or a group address
//   PASS broadcast            the host's broadcast arrived
//   PASS from-client-a        (client-b) client-a's unicast arrived through the bridge
//   FAIL name: why            otherwise
// The host test drives it with broadcast/unicast frames of EtherType 0x88B5 whose payload is text:
//   "echo X" (unicast)  -> answers "echo <name>: echo X" to the sender
//   "go" (broadcast)    -> its part: client-a sends a unicast to client-b and 50 "steady N" frames to
//                          the host, client-b one frame with client-a's source MAC (the bridge must
//                          drop it), client-c a flood of 3000 frames (the bridge's rate limit)
//   "bye" (broadcast)   -> prints its verdicts and "done", powers off
using Bulkhead.Generated;
using Bulkhead.Guest;

public static unsafe class Program
{
    private const ushort TestEtherType = 0x88B5;
    private const ulong HostMac = 0x0200000000FE;
    private const ulong MacA = 0x02000000000A, MacB = 0x02000000000B;
    private const int SteadyFrames = 50;
    private const int FloodFrames = 3000;

    private static Connection s_link;
    private static ulong s_mac;
    private static string s_name = "";
    private static byte* s_frame;

    private static void Pass(string name) => Console.WriteLine(string.Concat("PASS ", name));
    private static void Fail(string name, string why) => Console.WriteLine(string.Concat("FAIL ", name, ": ", why));

    public static void Main()
    {
        s_name = Domain.Name;
        s_mac = GuestConfig.MacAddress;
        s_frame = (byte*)Memory.AllocateZeroed(1514);
        byte* text = (byte*)Memory.AllocateZeroed(1514);
        if (!Connection.Open(GuestConfig.NetworkLink, out s_link)) { Fail("link", "net link does not open"); return; }
        Send(0xFFFFFFFFFFFF, s_mac, string.Concat("hello from ", s_name));

        uint received = 0;
        bool broadcast = false, fromA = false, bye = false;
        string? filter = null;
        while (!bye)
        {
            // No timeout (virtual time races ahead of the host under -icount sleep=off): the test's own timeout ends a hang.
            s_link.In.WaitForMessage();
            if (!s_link.In.TryPeek(out RingMessage m)) continue;
            received++;
            uint length = m.Length;
            for (uint i = 0; i < length; i++) text[i] = m.Data[i];
            s_link.In.Release();
            if (length < 14) { filter ??= "a frame shorter than an Ethernet header"; continue; }
            ulong destination = ReadMac(text), source = ReadMac(text + 6);
            bool group = (destination >> 40 & 1) != 0;
            if (destination != s_mac && !group)
                filter ??= string.Concat("a frame for ", MacText(destination), " from ", MacText(source));
            if (text[12] != TestEtherType >> 8 || text[13] != (TestEtherType & 0xFF)) continue;
            byte* payload = text + 14;
            uint size = PayloadLength(payload, length - 14);
            if (source == MacA && s_mac == MacB && Is(payload, size, "client-a to client-b")) fromA = true;
            if (source != HostMac) continue;
            if (group && Is(payload, size, "for everyone")) broadcast = true;
            else if (group && Is(payload, size, "bye")) bye = true;
            else if (group && Is(payload, size, "go")) Go();
            else if (!group && size >= 5 && Is(payload, 5, "echo ")) Send(source, s_mac, string.Concat("echo ", s_name, ": ", string.FromAscii(payload, (int)size)));
        }
        if (filter is null) Pass(string.Concat("filter frames=", received.ToString()));
        else Fail("filter", filter);
        if (broadcast) Pass("broadcast");
        else Fail("broadcast", "the host's broadcast did not arrive");
        if (s_mac == MacB)
        {
            if (fromA) Pass("from-client-a");
            else Fail("from-client-a", "client-a's unicast did not arrive");
        }
        Console.WriteLine("done");
        Domain.PowerOff();
    }

    private static void Go()
    {
        if (s_mac == MacA)
        {
            Send(MacB, s_mac, "client-a to client-b");
            for (int i = 0; i < SteadyFrames; i++) Send(HostMac, s_mac, string.Concat("steady ", i.ToString()));
            Console.WriteLine(string.Concat("steady sent ", SteadyFrames.ToString()));
        }
        else if (s_mac == MacB)
        {
            Send(HostMac, MacA, "spoofed by client-b");
            Console.WriteLine("spoof sent");
        }
        else
        {
            ulong start = Time.Ticks;
            uint refused = 0;
            for (int i = 0; i < FloodFrames; i++)
            {
                string payload = string.Concat("flood ", i.ToString());   // once per frame: the heap never frees
                while (!TrySend(HostMac, s_mac, payload)) refused++;
            }
            ulong us = (Time.Ticks - start) / (Time.Frequency / 1000000);
            Console.WriteLine(string.Concat(string.Concat("flood sent ", FloodFrames.ToString(), " in ", us.ToString()), string.Concat(" us, ring full ", refused.ToString(), " times")));
        }
    }

    private static void Send(ulong destination, ulong source, string payload)
    {
        while (!TrySend(destination, source, payload)) { if (s_link.Out.Broken) return; s_link.Out.Flush(); }
    }

    /// <summary>One frame of at least 60 bytes (the Ethernet minimum without FCS), payload zero-padded.</summary>
    private static bool TrySend(ulong destination, ulong source, string payload)
    {
        uint length = 14 + (uint)payload.Length;
        if (length < 60) length = 60;
        if (!s_link.Out.TryReserve(length, out byte* p)) return false;
        PutMac(p, destination);
        PutMac(p + 6, source);
        p[12] = TestEtherType >> 8;
        p[13] = TestEtherType & 0xFF;
        for (uint i = 14; i < length; i++) p[i] = 0;
        for (int i = 0; i < payload.Length; i++) p[14 + i] = (byte)payload[i];
        s_link.Out.Commit(length);
        return true;
    }

    /// <summary>Length of the text payload: up to the first zero byte (the padding).</summary>
    private static uint PayloadLength(byte* p, uint length)
    {
        uint n = 0;
        while (n < length && p[n] != 0) n++;
        return n;
    }

    private static bool Is(byte* p, uint length, string text)
    {
        if (length != (uint)text.Length) return false;
        for (int i = 0; i < text.Length; i++) if (p[i] != text[i]) return false;
        return true;
    }

    private static ulong ReadMac(byte* p)
    {
        ulong mac = 0;
        for (int i = 0; i < 6; i++) mac = (mac << 8) | p[i];
        return mac;
    }

    private static void PutMac(byte* p, ulong mac)
    {
        for (int i = 0; i < 6; i++) p[i] = (byte)(mac >> (8 * (5 - i)));
    }

    private static string MacText(ulong mac)
    {
        string text = "";
        for (int i = 0; i < 6; i++)
        {
            byte b = (byte)(mac >> (8 * (5 - i)));
            text = string.Concat(text, i == 0 ? "" : ":", b < 16 ? "0" : "", b.ToString("x"));
        }
        return text;
    }
}
