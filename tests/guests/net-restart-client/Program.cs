// The clients of tests/systems/net-restart.yaml: the SDK's IP stack behind a network driver domain
// (tests/guests/net-crasher) that faults once mid-traffic and is restarted by the hypervisor.
//
// Echo role (the client at 10.0.2.12): serves UDP echo on port 7 until both senders said "bye",
// then sends the driver its end mark (NetworkInterface.Close) and powers off:
//   PASS net-restart-echo served=N        it echoed datagrams and got "bye" from both senders
// Sender role (the others): one 16-byte request at a time to the echo (its own address and a
// sequence number), each waiting RequestTimeoutMs for its answer; an unanswered request is an
// error it reports, a late answer (an older sequence number, queued while the driver was down)
// is counted and dropped. It stops after RecoverAfter answers that came after the errors:
//   PASS net-restart-before ok=N          requests were answered before the driver failed
//   PASS net-restart-errors failed=N      while it was down, requests failed (reported, no hang)
//   PASS net-restart-bounded max-ms=N     each request, answered or not, returned within its bound
//   PASS net-restart-recovered ok=N       after its restart, requests were answered again
//   PASS net-restart-own-only late=N      every answer carried its own address (none for the other
//                                         sender), and the driver handed it no frame for another MAC
// Each ends with "net-restart-client: done, N passed, M failed" and powers off.
using Bulkhead.Guest;
using Bulkhead.Guest.Net;

public static unsafe class Program
{
    private const ushort EchoPort = 7, SenderPort = 5000;
    private const uint Size = 16;
    private const uint EchoIp = 0x0A00020C;   // 10.0.2.12
    private const ulong RequestTimeoutMs = 50;
    private const int WarmUpTries = 100, MaxRequests = 400, RecoverAfter = 20, MinBefore = 3;
    private const ulong ServeForMs = 60_000;
    private static int s_passed, s_failed;

    public static void Main()
    {
        if (!NetworkInterface.OpenFromPlan(out NetworkInterface nic))
        {
            Fail("net-restart-open", "the network link of the plan could not be opened");
            Done();
        }
        IpStack stack = IpStack.FromPlan(nic);
        Console.WriteLine(string.Concat(string.Concat("net-restart-client: ", NetBytes.FormatIpv4(stack.Address), " "), NetBytes.FormatMac(stack.Mac)));
        if (stack.Address == EchoIp) Echo(stack);
        else Send(stack);
        stack.Interface.Close();
        Done();
    }

    private static void Echo(IpStack stack)
    {
        UdpSocket socket = new UdpSocket(stack);
        if (!socket.Bind(EchoPort)) { Fail("net-restart-echo", "cannot bind port 7"); return; }
        byte[] buffer = new byte[NetLayout.MaxUdpPayload];
        uint served = 0, byes = 0;
        ulong until = Time.Milliseconds + ServeForMs;
        while (Time.Milliseconds < until && byes != 3)
        {
            if (!socket.ReceiveFrom(buffer, out uint length, out uint from, out ushort port, 200)) continue;
            if (length == 3 && buffer[0] == 'b' && buffer[1] == 'y' && buffer[2] == 'e')
            {
                byes |= (from & 0xff) == 10 ? 1u : (from & 0xff) == 11 ? 2u : 0u;
                continue;
            }
            if (socket.SendTo(from, port, buffer, length)) served++;
        }
        if (byes == 3 && served > 0) Pass(string.Concat("net-restart-echo served=", served.ToString()));
        else Fail("net-restart-echo", string.Concat(string.Concat("served ", served.ToString(), ", bye mask "), byes.ToString()));
    }

    private static void Send(IpStack stack)
    {
        UdpSocket socket = new UdpSocket(stack);
        if (!socket.Bind(SenderPort)) { Fail("net-restart-bind", "cannot bind port 5000"); return; }
        byte* request = stackalloc byte[(int)Size];
        byte* answer = stackalloc byte[(int)NetLayout.MaxUdpPayload];
        for (uint i = 8; i < Size; i++) request[i] = (byte)(i * 31);
        NetBytes.Write32(request, stack.Address);

        // Warm-up (not counted): the echo and the driver may still be booting.
        uint seq = 0;
        bool up = false;
        for (int i = 0; i < WarmUpTries && !up; i++) up = Exchange(stack, socket, request, answer, ++seq, out _, out _);
        if (!up) { Fail("net-restart-before", "the echo never answered"); return; }

        uint okBefore = 0, failed = 0, okAfter = 0, late = 0, foreign = 0, refused = 0;
        ulong longest = 0;
        for (int i = 0; i < MaxRequests && okAfter < RecoverAfter; i++)
        {
            ulong start = Time.Milliseconds;
            bool ok = Exchange(stack, socket, request, answer, ++seq, out uint lateNow, out uint foreignNow, out bool sent);
            ulong took = Time.Milliseconds - start;
            if (took > longest) longest = took;
            late += lateNow;
            foreign += foreignNow;
            if (!sent) refused++;
            if (ok && failed == 0) okBefore++;
            else if (ok) okAfter++;
            else
            {
                failed++;
                if (failed <= 3 || !sent)
                    Console.WriteLine(string.Concat(string.Concat("net-restart-client: request ", seq.ToString(), sent ? " unanswered" : " refused (ring full)"),
                        string.Concat(" after ", took.ToString(), " ms")));
            }
        }
        Console.WriteLine(string.Concat(
            string.Concat("net-restart-client: answered before ", okBefore.ToString(), ", failed ", failed.ToString()),
            string.Concat(", answered after ", okAfter.ToString(), ", late ", late.ToString()),
            string.Concat(", foreign ", foreign.ToString(), ", refused ", refused.ToString()),
            string.Concat(", longest ", longest.ToString(), " ms")));
        if (okBefore >= MinBefore) Pass(string.Concat("net-restart-before ok=", okBefore.ToString()));
        else Fail("net-restart-before", string.Concat("only ", okBefore.ToString(), " answered before the first failure"));
        if (failed > 0) Pass(string.Concat("net-restart-errors failed=", failed.ToString()));
        else Fail("net-restart-errors", "no request failed: the driver's outage was not seen");
        // A request waits RequestTimeoutMs for its answer, and its send at most TransmitWaitMs for room.
        if (longest <= RequestTimeoutMs + NetworkInterface.TransmitWaitMs + 10) Pass(string.Concat("net-restart-bounded max-ms=", longest.ToString()));
        else Fail("net-restart-bounded", string.Concat(string.Concat("a request took ", longest.ToString()), " ms"));
        if (okAfter >= RecoverAfter) Pass(string.Concat("net-restart-recovered ok=", okAfter.ToString()));
        else Fail("net-restart-recovered", string.Concat(string.Concat("only ", okAfter.ToString(), " answered after "), failed.ToString(), " failures"));
        if (foreign == 0 && stack.Counters.FramesNotForUs == 0) Pass(string.Concat("net-restart-own-only late=", late.ToString()));
        else Fail("net-restart-own-only", string.Concat(string.Concat(foreign.ToString(), " answers for another sender, "), stack.Counters.FramesNotForUs.ToString(), " frames for another MAC"));

        byte* bye = stackalloc byte[3];
        bye[0] = (byte)'b'; bye[1] = (byte)'y'; bye[2] = (byte)'e';
        if (!socket.SendTo(EchoIp, EchoPort, bye, 3)) Fail("net-restart-bye", "could not send");
    }

    private static bool Exchange(IpStack stack, UdpSocket socket, byte* request, byte* answer, uint seq, out uint late, out uint foreign) =>
        Exchange(stack, socket, request, answer, seq, out late, out foreign, out _);

    /// <summary>One request and its answer within RequestTimeoutMs; older answers are counted as late, others' as foreign.</summary>
    private static bool Exchange(IpStack stack, UdpSocket socket, byte* request, byte* answer, uint seq, out uint late, out uint foreign, out bool sent)
    {
        late = 0;
        foreign = 0;
        NetBytes.Write32(request + 4, seq);
        ulong deadline = Time.Milliseconds + RequestTimeoutMs;
        sent = socket.SendTo(EchoIp, EchoPort, request, Size);
        if (!sent) return false;
        while (true)
        {
            ulong now = Time.Milliseconds;
            if (now >= deadline) return false;
            if (!socket.ReceiveFrom(answer, NetLayout.MaxUdpPayload, out uint length, out uint from, out ushort port, deadline - now)) return false;
            if (from != EchoIp || port != EchoPort || length != Size || NetBytes.Read32(answer) != stack.Address) { foreign++; continue; }
            uint got = NetBytes.Read32(answer + 4);
            if (got == seq) return true;
            if (got < seq) { late++; continue; }
            foreign++;   // a sequence number we never sent
        }
    }

    private static void Pass(string what)
    {
        Console.WriteLine(string.Concat("PASS ", what));
        s_passed++;
    }

    private static void Fail(string check, string why)
    {
        Console.WriteLine(string.Concat(string.Concat("FAIL ", check, ": "), why));
        s_failed++;
    }

    private static void Done()
    {
        Console.WriteLine(string.Concat(string.Concat("net-restart-client: done, ", s_passed.ToString(), " passed, "), s_failed.ToString(), " failed"));
        Domain.PowerOff();
    }
}
