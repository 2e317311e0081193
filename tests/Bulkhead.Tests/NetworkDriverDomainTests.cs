using System.Diagnostics;
using Bulkhead.Emulation;
using Bulkhead.Systems;
using Xunit;
using Xunit.Abstractions;
using static Bulkhead.Tests.NetFrames;

namespace Bulkhead.Tests;

/// <summary>
/// End to end on loopback (tests/systems/network.yaml, QEMU -icount): the network driver domain
/// owns a virtio-net card whose wire is a `-netdev socket,udp=127.0.0.1:...` to this test, which
/// is the host on the emulated LAN (10.0.2.2). Two client domains (tests/guests/net-client in plan
/// mode: address, MAC and link from system.yaml `network:`) run the SDK's IP stack behind the
/// driver. The test ARPs for each client, pings each, UDP-echoes with each, and sends frames to
/// client A's MAC (one carrying B's IP, one a ping for B) that the driver must never hand to B:
/// B counts every frame it receives that is not for its MAC and reports the count (must be 0).
/// Each client pings the host too. Nothing leaves 127.0.0.1; the LAN's addresses stay inside the frames.
/// </summary>
[Collection("emulator")]
public class NetworkDriverDomainTests(ITestOutputHelper output)
{
    private const ulong HostMac = 0x02_00_00_00_00_02, NobodyMac = 0x02_00_00_00_00_ee;
    private static readonly uint HostIp = Ip("10.0.2.2");
    private static readonly (string Domain, ulong Mac, uint Ip)[] Clients =
    [
        ("client-a", 0x02_00_00_00_00_0a, Ip("10.0.2.10")),
        ("client-b", 0x02_00_00_00_00_0b, Ip("10.0.2.11")),
    ];
    private const ushort EchoPort = 7, HostPort = 40000;
    private static readonly int[] EchoSizes = [1, 100, 1472];

    /// <summary>What the host side saw, per client, filled in by the script while QEMU runs.</summary>
    private sealed class Observed
    {
        public readonly Dictionary<string, ulong> ArpAnswers = [];
        public readonly Dictionary<string, int> PingReplies = [];
        public readonly Dictionary<string, int> UdpEchoes = [];
        public readonly List<string> Log = [];
        public int HostPingsAnswered;
        public string? Failure;
    }

    private sealed record NetworkRun(RunResult Run, Observed Seen);

    private static readonly Lazy<NetworkRun> Shared = new(Boot);

    private static NetworkRun Boot()
    {
        var built = SystemBuilder.Build(TestImages.Repo, Path.Combine(TestImages.Repo.Root, "tests", "systems", "network.yaml"), TextWriter.Null);
        var seen = new Observed();
        using var stop = new CancellationTokenSource();
        // The host answers ARP for 10.0.2.2 and pings to it at once, from the receive thread.
        using var peer = new VirtioUdpPeer("02:00:00:00:00:01", (p, frame) =>
        {
            if (IsArp(frame, out ushort op, out ulong senderMac, out uint senderIp, out uint target) && op == 1 && target == HostIp)
                p.Send(NetFrames.Arp(2, HostMac, HostIp, senderMac, senderIp, senderMac));
            else if (Destination(frame) == HostMac && IsIpv4(frame, out uint src, out uint dst, out byte proto, out var icmp)
                     && proto == 1 && dst == HostIp && icmp.Length >= 8 && icmp[0] == 8 && Checksum(icmp) == 0)
            {
                var reply = (byte[])icmp.Clone();
                reply[0] = 0;
                reply[2] = reply[3] = 0;
                ushort c = Checksum(reply);
                reply[2] = (byte)(c >> 8); reply[3] = (byte)c;
                p.Send(Ipv4(Source(frame), HostMac, HostIp, src, 1, reply));
                Interlocked.Increment(ref seen.HostPingsAnswered);
            }
        });
        var machine = Machines.QemuFor(built.Board, built.Hypervisor, cores: null, cpu: "cortex-a72").Deterministic() with { Nics = [peer.Nic] };
        var script = Task.Run(() => Script(peer, seen, stop.Token));
        // The driver domain serves for ever: the run ends when both clients have reported.
        int reported = 0;
        var run = EmulatorRun.Run(QemuArm64Machine.Executable, machine.Arguments(), TimeSpan.FromSeconds(90),
            stopWhen: line => line.Contains("] net-client: counters") && Interlocked.Increment(ref reported) == Clients.Length);
        stop.Cancel();
        try { script.Wait(TimeSpan.FromSeconds(5)); } catch (AggregateException e) { seen.Failure ??= e.InnerException?.Message; }
        return new NetworkRun(run, seen);
    }

    /// <summary>
    /// Waits for a frame from the guests matching <paramref name="match"/>, sending
    /// <paramref name="request"/> at once and again every 200 ms; false after 20 s.
    /// </summary>
    private static bool Exchange(VirtioUdpPeer peer, byte[] request, Func<byte[], bool> match, CancellationToken stop)
    {
        int from = peer.Frames.Count;
        var clock = Stopwatch.StartNew();
        var resend = Stopwatch.StartNew();
        peer.Send(request);
        while (clock.Elapsed < TimeSpan.FromSeconds(20) && !stop.IsCancellationRequested)
        {
            var frames = peer.Frames;
            for (int i = from; i < frames.Count; i++) if (match(frames[i])) return true;
            if (resend.ElapsedMilliseconds > 200) { peer.Send(request); resend.Restart(); }
            Thread.Sleep(5);
        }
        return false;
    }

    private static void Script(VirtioUdpPeer peer, Observed seen, CancellationToken stop)
    {
        foreach (var (domain, mac, ip) in Clients)
        {
            ulong answered = 0;
            if (!Exchange(peer, ArpRequest(HostMac, HostIp, ip),
                    f => Destination(f) == HostMac && IsArp(f, out ushort op, out ulong m, out uint s, out _) && op == 2 && s == ip && (answered = m) != 0, stop))
            { seen.Failure = $"no ARP reply from {domain}"; return; }
            lock (seen) seen.ArpAnswers[domain] = answered;

            for (ushort seq = 1; seq <= 3; seq++)
            {
                var data = Enumerable.Range(0, 24).Select(i => (byte)(i + seq)).ToArray();
                ushort s = seq;
                if (Exchange(peer, EchoRequest(mac, HostMac, HostIp, ip, 0x7777, seq, data),
                        f => Destination(f) == HostMac && IsEchoReply(f, out uint from, out ushort id, out ushort rs, out var d) && from == ip && id == 0x7777 && rs == s && d.SequenceEqual(data), stop))
                    lock (seen) seen.PingReplies[domain] = seen.PingReplies.GetValueOrDefault(domain) + 1;
            }

            foreach (int size in EchoSizes)
            {
                var data = Enumerable.Range(0, size).Select(i => (byte)(i * 13 + size)).ToArray();
                // Each datagram once: a resend would be echoed twice and spoil the count the client reports.
                int from = peer.Frames.Count;
                peer.Send(UdpFrame(mac, HostMac, HostIp, ip, HostPort, EchoPort, data));
                var clock = Stopwatch.StartNew();
                bool echoed = false;
                while (!echoed && clock.Elapsed < TimeSpan.FromSeconds(20) && !stop.IsCancellationRequested)
                {
                    var frames = peer.Frames;
                    for (int i = from; i < frames.Count && !echoed; i++)
                        echoed = Destination(frames[i]) == HostMac && IsUdp(frames[i], out uint src, out ushort sp, out ushort dp, out var got)
                                 && src == ip && sp == EchoPort && dp == HostPort && got.SequenceEqual(data);
                    Thread.Sleep(5);
                }
                if (echoed) lock (seen) seen.UdpEchoes[domain] = seen.UdpEchoes.GetValueOrDefault(domain) + 1;
            }
        }

        // Frames for client A's MAC that a leaky bridge would show B: a datagram and a ping carrying
        // B's address, and one for a MAC nobody has. None may reach B (it reports what it saw).
        var (_, macA, _) = Clients[0];
        var (_, _, ipB) = Clients[1];
        peer.Send(UdpFrame(macA, HostMac, HostIp, ipB, HostPort, EchoPort, "for A's MAC"u8));
        peer.Send(EchoRequest(macA, HostMac, HostIp, ipB, 0x6666, 1, new byte[8]));
        peer.Send(UdpFrame(NobodyMac, HostMac, HostIp, ipB, HostPort, EchoPort, "for nobody"u8));
        Thread.Sleep(200);

        // "bye" ends each client's serving loop; it then reports and powers off.
        foreach (var (_, mac, ip) in Clients)
            for (int i = 0; i < 3; i++) { peer.Send(UdpFrame(mac, HostMac, HostIp, ip, HostPort, EchoPort, "bye"u8)); Thread.Sleep(50); }
    }

    [Fact]
    public void HostReachesBothClientsThroughTheDriverDomainAndNeverLeaksAFrameToTheOther()
    {
        var (run, seen) = Shared.Value;
        foreach (var line in run.Lines.Where(l => l.Contains("net")))
            output.WriteLine(line);
        output.WriteLine($"wall time {run.Elapsed.TotalSeconds:F1} s; host answered {seen.HostPingsAnswered} pings");
        Assert.True(seen.Failure is null, $"{seen.Failure}\n{run.Console}");
        foreach (var (domain, mac, _) in Clients)
        {
            Assert.True(seen.ArpAnswers.TryGetValue(domain, out ulong answered) && answered == mac, $"{domain}: ARP answer {answered:x}");
            Assert.Equal(3, seen.PingReplies.GetValueOrDefault(domain));
            Assert.Equal(EchoSizes.Length, seen.UdpEchoes.GetValueOrDefault(domain));
            GuestVerdicts.AssertPassed(run, domain, "net-ping peer=10.0.2.2", $"net-serve echoed={EchoSizes.Length}", "net-filter not-for-us=0");
        }
        Assert.True(seen.HostPingsAnswered >= 2);
        Assert.Equal(RunOutcome.StoppedOnMatch, run.Outcome);
    }

    /// <summary>
    /// examples/systems/network.yaml (what `./bulkhead run` boots, with a card on a wire nobody
    /// answers on): net-hello pings udp-echo and UDP-echoes three datagrams through the driver
    /// domain; client-to-client unicast stays inside (only broadcasts, ARP, reach the wire). Then
    /// it says "bye" and both clients send the driver their end marks: the system powers off by itself.
    /// </summary>
    [Fact]
    public void TheExampleClientsTalkThroughTheDriverDomain()
    {
        var built = SystemBuilder.Build(TestImages.Repo, Path.Combine(TestImages.Repo.Root, "examples", "systems", "network.yaml"), TextWriter.Null);
        using var wire = new VirtioUdpPeer("02:00:00:00:00:01");
        var machine = Machines.QemuFor(built.Board, built.Hypervisor, cores: null, cpu: "cortex-a72").Deterministic() with { Nics = [wire.Nic] };
        var run = EmulatorRun.Run(QemuArm64Machine.Executable, machine.Arguments(), TimeSpan.FromSeconds(60));
        foreach (var line in run.Lines.Where(l => l.Contains("[hello]") || l.Contains("[echo]") || l.Contains("[netdrv]"))) output.WriteLine(line);
        Assert.Equal(RunOutcome.PoweredOff, run.Outcome);
        Assert.Contains("[echo] udp-echo: \"bye\" from 10.0.2.10: closing", run.Lines);
        Assert.Contains("[netdrv] net-driver: every client has ended: powering off", run.Lines);
        Assert.Contains("hv: no domain left running, powering off", run.Lines);
        Assert.Contains(run.Lines, l => l.StartsWith("[hello] net-hello: ping 10.0.2.11 answered in "));
        for (int n = 1; n <= 3; n++)
            Assert.Contains($"[hello] net-hello: echo of \"hello {n}\" from 10.0.2.11 (7 bytes)", run.Lines);
        Assert.Equal(3, run.Lines.Count(l => l == "[echo] udp-echo: 7 bytes from 10.0.2.10:49152"));
        Assert.DoesNotContain(wire.Frames, f => Type(f) == EtherTypeIpv4);
    }
}
