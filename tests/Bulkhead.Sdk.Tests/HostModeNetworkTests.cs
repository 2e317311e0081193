using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Bulkhead.Cli.HostMode;

namespace Bulkhead.Sdk.Tests;

/// <summary>
/// Host-mode network interfaces (docs/host-mode.md): the `network:` clients of
/// examples/systems/network.yaml run as processes whose Ethernet frames travel as UDP datagrams on
/// 127.0.0.1 through the bridge `run --host` runs in place of the driver domain, with the SDK's IP
/// stack (ARP, ping, UDP sockets) unchanged; and the bridge delivers as the driver does.
/// </summary>
[Collection(AnalyzerBuildCollection.Name)]
public partial class HostModeNetworkTests
{
    private const ulong MacA = 0x02_00_00_00_00_0a, MacB = 0x02_00_00_00_00_0b, MacC = 0x02_00_00_00_00_0c;

    [Fact]
    public void The_network_examples_clients_ping_and_echo_datagrams_under_run_host_with_the_QEMU_runs_lines()
    {
        var host = CliProcess.Run(AnalyzerHarness.Repo.Root, "run", "--host", "examples/systems/network.yaml", "--timeout", "20");
        var qemu = CliProcess.Run(AnalyzerHarness.Repo.Root, "run", "examples/systems/network.yaml", "--timeout", "20");

        // net-hello says "bye" and closes, udp-echo closes and powers off: the run ends by itself, as
        // in QEMU (where the driver domain powers off too); here the driver domain is the run's bridge.
        Assert.True(host.ExitCode == 0, host.ToString());
        Assert.Matches(@"run: network driver netdrv not started: frames of hello, echo go over UDP through 127\.0\.0\.1:\d+", host.Stderr);
        Assert.DoesNotContain("[netdrv]", host.Stdout);

        var hello = Lines(host.Stdout, "[hello] ");
        Same([
            "[hello] net-hello: 10.0.2.10 02:00:00:00:00:0a",
            "[hello] net-hello: ping 10.0.2.11 answered in N ms",
            "[hello] net-hello: echo of \"hello 1\" from 10.0.2.11 (7 bytes)",
            "[hello] net-hello: echo of \"hello 2\" from 10.0.2.11 (7 bytes)",
            "[hello] net-hello: echo of \"hello 3\" from 10.0.2.11 (7 bytes)",
            "[hello] net-hello: done; frames sent N received N"], hello, host);
        // At least ARP, ping and three datagrams each way; more when ARP was retried (every 250 ms)
        // while udp-echo's process was still starting: .NET start-up is no boot in lockstep.
        var frames = Regex.Match(host.Stdout, @"frames sent (\d+) received (\d+)");
        Assert.InRange(int.Parse(frames.Groups[1].Value), 5, 12);
        Assert.InRange(int.Parse(frames.Groups[2].Value), 5, 12);
        var echo = Lines(host.Stdout, "[echo] ");
        Same(["[echo] udp-echo: listening on 10.0.2.11:7", .. Enumerable.Repeat("[echo] udp-echo: 7 bytes from 10.0.2.10:49152", 3),
              "[echo] udp-echo: \"bye\" from 10.0.2.10: closing"], echo, host);

        // The same lines, in order, as the clients print in QEMU through the real driver domain (but
        // for the milliseconds and the frame counts).
        Assert.True(qemu.Stdout.Contains("[hello] net-hello: done"), qemu.ToString());
        Same(Lines(qemu.Stdout, "[hello] "), hello, qemu);
        Same(Lines(qemu.Stdout, "[echo] "), echo, qemu);
    }

    private static void Same(List<string> expected, List<string> actual, CliProcess.Result run) =>
        Assert.True(expected.SequenceEqual(actual), $"expected:\n{string.Join("\n", expected)}\nactual:\n{string.Join("\n", actual)}\n{run}");

    [Fact]
    public void A_network_client_run_alone_on_the_host_has_no_network_from_the_plan()
    {
        // Main returns and vCPU 0 idles, as on the guest: the run ends at its timeout.
        var r = CliProcess.Run(AnalyzerHarness.Repo.Root, "run", "--host", "examples/net-hello", "--timeout", "5");

        Assert.True(r.ExitCode == 124, r.ToString());
        Assert.Contains("[net-hello] net-hello: this domain is not a network client in system.yaml\n", r.Stdout);
        Assert.DoesNotContain("network driver", r.Stderr);
    }

    [Fact]
    public void The_bridge_delivers_a_frame_to_the_client_it_is_addressed_to_and_broadcasts_to_the_others_only()
    {
        using var bridge = new HostNetworkBridge([MacA, MacB, MacC]);
        using var a = Client(bridge, MacA);
        using var b = Client(bridge, MacB);

        // C's process has not started yet: its frames wait for it, as in the driver's ring to it.
        Send(a, Frame(0xff_ff_ff_ff_ff_ff, MacA, 7));
        Assert.Equal(7, Payload(b));
        using var c = Client(bridge, MacC);
        Assert.Equal(7, Payload(c));
        Assert.Equal(-1, Payload(c));

        Send(a, Frame(MacB, MacA, 1));
        Assert.Equal(1, Payload(b));
        Assert.Equal(-1, Payload(c));
        Assert.Equal(-1, Payload(a));

        Send(c, Frame(0xff_ff_ff_ff_ff_ff, MacC, 2));
        Assert.Equal(2, Payload(a));
        Assert.Equal(2, Payload(b));
        Assert.Equal(-1, Payload(c));

        // For nobody (no wire behind the bridge), and from a MAC that is no client's: dropped.
        Send(a, Frame(0x02_00_00_00_00_99, MacA, 3));
        Send(a, Frame(MacB, 0x02_00_00_00_00_99, 4));
        Assert.Equal(-1, Payload(b));
        Assert.Equal(-1, Payload(c));

        // A client that restarted registers from a new port: frames follow it there.
        using var b2 = Client(bridge, MacB);
        Send(a, Frame(MacB, MacA, 5));
        Assert.Equal(5, Payload(b2));
        Assert.Equal(-1, Payload(b));
    }

    private static Socket Client(HostNetworkBridge bridge, ulong mac)
    {
        var s = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        s.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        s.Connect(new IPEndPoint(IPAddress.Loopback, bridge.Port));
        s.Send(MacBytes(mac));
        Thread.Sleep(100);   // the bridge has taken the registration before the first frame comes
        return s;
    }

    private static byte[] Frame(ulong to, ulong from, byte payload) =>
        [.. MacBytes(to), .. MacBytes(from), 0x88, 0xb5, payload, 0, 0, 0];

    private static byte[] MacBytes(ulong mac) => Enumerable.Range(0, 6).Select(i => (byte)(mac >> (40 - 8 * i))).ToArray();

    private static void Send(Socket s, byte[] frame) => s.Send(frame);

    /// <summary>The payload's first byte of the frame that arrived within 300 ms, or -1.</summary>
    private static int Payload(Socket s)
    {
        if (!s.Poll(300_000, SelectMode.SelectRead)) return -1;
        var buffer = new byte[2048];
        int n = s.Receive(buffer);
        return n > 14 ? buffer[14] : -2;
    }

    private static List<string> Lines(string stdout, string prefix) =>
        stdout.Split('\n').Where(l => l.StartsWith(prefix, StringComparison.Ordinal))
            .Select(l => Frames().Replace(Milliseconds().Replace(l, "answered in N ms"), "frames sent N received N")).ToList();

    [GeneratedRegex(@"answered in \d+ ms")]
    private static partial Regex Milliseconds();

    [GeneratedRegex(@"frames sent \d+ received \d+")]
    private static partial Regex Frames();
}
