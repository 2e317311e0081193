using System.Text;
using Bulkhead.Emulation;
using Bulkhead.Systems;
using Xunit;
using Xunit.Abstractions;

namespace Bulkhead.Tests;

/// <summary>
/// The network driver domain (unikernel-sdk/services/net-driver) on tests/systems/virtio-net.yaml
/// under QEMU -icount: it owns the virtio-net card, whose wire is UDP on 127.0.0.1 with this test at
/// the other end, and bridges three raw-frame clients (tests/guests/net-raw-client). One run:
/// hellos (client broadcasts reach the wire), unicast echoes (a frame reaches only its client; one
/// for an unknown MAC reaches nobody), a host broadcast reaches all, client-a to client-b stays off
/// the wire, client-b's frame with client-a's source MAC is dropped, and client-c's flood is held to
/// its rate limit while all of client-a's frames get through. The clients judge what they received.
/// </summary>
[Collection("emulator")]
public class VirtioNetDriverTests(ITestOutputHelper output)
{
    const string NicMac = "52:54:00:12:34:56";
    const string HostMac = "02:00:00:00:00:fe";
    static readonly string[] Clients = ["client-a", "client-b", "client-c"];
    static readonly Dictionary<string, string> ClientMacs = new()
    {
        ["client-a"] = "02:00:00:00:00:0a", ["client-b"] = "02:00:00:00:00:0b", ["client-c"] = "02:00:00:00:00:0c",
    };
    const ushort TestEtherType = 0x88B5;
    const int SteadyFrames = 50, FloodFrames = 3000;

    sealed record Exchange(RunResult Run, IReadOnlyList<(string Source, string Destination, string Payload)> Frames);

    static readonly Lazy<Exchange> Run = new(Boot);

    static string MacOf(byte[] f, int at) => string.Join(":", f[at..(at + 6)].Select(b => b.ToString("x2")));
    static string PayloadOf(byte[] f) => Encoding.ASCII.GetString(f, 14, f.Length - 14).TrimEnd('\0');

    static byte[] Frame(string destination, string payload)
    {
        var bytes = Encoding.ASCII.GetBytes(payload);
        var f = VirtioUdpPeer.Frame(VirtioUdpPeer.Mac(destination), VirtioUdpPeer.Mac(HostMac), TestEtherType, bytes);
        return f.Length >= 60 ? f : [.. f, .. new byte[60 - f.Length]];
    }

    static Exchange Boot()
    {
        var built = SystemBuilder.Build(TestImages.Repo, SystemRuns.Variant("virtio-net", 3), TextWriter.Null);
        var gate = new object();
        var hellos = new HashSet<string>();
        var echoes = new HashSet<string>();
        int steady = 0;
        bool floodDone = false, goSent = false, byeSent = false;
        int linesAtBye = int.MaxValue, lines = 0, done = 0;
        bool reportAfterBye = false;
        VirtioUdpPeer? peerRef = null;

        void Bye()
        {
            // Called under the gate once client-a's frames are all in and client-c's flood is sent.
            if (byeSent || steady < SteadyFrames || !floodDone) return;
            byeSent = true;
            linesAtBye = lines;
            var p = peerRef!;
            Task.Run(() =>
            {
                Thread.Sleep(300);   // the bridge drains client-c's ring meanwhile
                p.Send(Frame("ff:ff:ff:ff:ff:ff", "bye"));
            });
        }

        using var peer = new VirtioUdpPeer(NicMac, (p, f) =>
        {
            if (f.Length < 14 || f[12] != 0x88 || f[13] != 0xB5) return;
            string payload = PayloadOf(f), source = MacOf(f, 6);
            lock (gate)
            {
                if (payload.StartsWith("hello from ") && hellos.Add(payload["hello from ".Length..]) && hellos.Count == Clients.Length)
                {
                    foreach (var c in Clients) p.Send(Frame(ClientMacs[c], $"echo for-{c}"));
                    p.Send(Frame("02:00:00:00:00:99", "echo for-nobody"));
                    p.Send(Frame("ff:ff:ff:ff:ff:ff", "for everyone"));
                }
                if (payload.StartsWith("echo ") && echoes.Add(source) && echoes.Count == Clients.Length && !goSent)
                {
                    goSent = true;
                    p.Send(Frame("ff:ff:ff:ff:ff:ff", "go"));
                }
                if (payload.StartsWith("steady ")) { steady++; Bye(); }
            }
        });
        peerRef = peer;
        var machine = Machines.QemuFor(built.Board, built.Hypervisor, cores: null, cpu: "cortex-a72").Deterministic() with { Nics = [peer.Nic] };
        var run = EmulatorRun.Run(QemuArm64Machine.Executable, machine.Arguments(), TimeSpan.FromSeconds(60),
            onLine: line =>
            {
                lock (gate)
                {
                    lines++;
                    if (line.StartsWith("[client-c] flood sent ")) { floodDone = true; Bye(); }
                    if (line.EndsWith("] done")) done++;
                    if (lines > linesAtBye && line.StartsWith("[netdrv] net-driver: client 2 ")) reportAfterBye = true;
                }
            },
            stopWhen: _ => { lock (gate) return done == Clients.Length && reportAfterBye; });
        var frames = peer.Frames.Where(f => f.Length >= 14 && f[12] == 0x88 && f[13] == 0xB5)
            .Select(f => (MacOf(f, 6), MacOf(f, 0), PayloadOf(f))).ToList();
        return new Exchange(run, frames);
    }

    void Show(Exchange e)
    {
        foreach (var line in e.Run.Lines.Where(l => !l.Contains("] net-driver: client ") || l == e.Run.Lines.Last(x => x.Contains("] net-driver: client 2 "))))
            output.WriteLine(line);
        output.WriteLine($"wall time {e.Run.Elapsed.TotalSeconds:F1} s, {e.Frames.Count} frames on the wire");
    }

    /// <summary>The driver's last counter line for client <paramref name="index"/>, as name -> value.</summary>
    static Dictionary<string, long> Counters(RunResult run, string prefix)
    {
        string line = run.Lines.Last(l => l.StartsWith("[netdrv] net-driver: " + prefix));
        var words = line[(("[netdrv] net-driver: " + prefix).Length)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var result = new Dictionary<string, long>();
        for (int i = 0; i + 1 < words.Length; i++) if (long.TryParse(words[i + 1], out long v)) result[words[i]] = v;
        return result;
    }

    [Fact]
    public void ClientsReachTheWireAndReceiveOnlyTheirOwnAndGroupFrames()
    {
        var e = Run.Value;
        Show(e);
        Assert.Contains($"[netdrv] net-driver: NIC {NicMac} (virtio-mmio version 1), 3 clients", e.Run.Lines);
        Assert.DoesNotContain(e.Run.Lines, l => l.StartsWith("hv: domain netdrv stopped"));
        Assert.Equal(RunOutcome.StoppedOnMatch, e.Run.Outcome);
        foreach (var c in Clients)
        {
            // The hello (broadcast) left through the NIC with the client's own source MAC.
            Assert.Contains((ClientMacs[c], "ff:ff:ff:ff:ff:ff", $"hello from {c}"), e.Frames);
            // Its unicast echo request reached it and only it: one answer, from it.
            Assert.Equal([(ClientMacs[c], HostMac, $"echo {c}: echo for-{c}")], e.Frames.Where(f => f.Payload.EndsWith($"echo for-{c}")));
            GuestVerdicts.AssertPassed(e.Run, c, "broadcast");
            Assert.Contains(e.Run.Lines, l => l.StartsWith($"[{c}] PASS filter frames="));
        }
        Assert.DoesNotContain(e.Frames, f => f.Payload.Contains("for-nobody"));
        Assert.True(Counters(e.Run, "wire ")["unknown"] >= 1, "the frame for an unknown MAC was not counted as dropped");
    }

    [Fact]
    public void ClientToClientStaysOffTheWireAndSpoofedSourcesAreDropped()
    {
        var e = Run.Value;
        GuestVerdicts.AssertPassed(e.Run, "client-b", "from-client-a");
        Assert.DoesNotContain(e.Frames, f => f.Payload == "client-a to client-b");
        Assert.DoesNotContain(e.Frames, f => f.Payload == "spoofed by client-b");
        Assert.Equal(1, Counters(e.Run, "client 1 ")["spoofed"]);
        Assert.Equal(0, Counters(e.Run, "client 0 ")["spoofed"]);
    }

    [Fact]
    public void FloodingClientIsHeldToItsRateWhileTheOthersGetThrough()
    {
        var e = Run.Value;
        var flood = Counters(e.Run, "client 2 ");
        int floodOnWire = e.Frames.Count(f => f.Payload.StartsWith("flood "));
        output.WriteLine($"flood: forwarded {flood["forwarded"]}, rate-limited {flood["rate-limited"]}, on the wire {floodOnWire}");
        // Every flood frame reached the driver: each was forwarded or dropped for the rate, none lost.
        Assert.Equal(FloodFrames + 2, flood["forwarded"] + flood["rate-limited"]);   // + its hello and echo
        Assert.True(flood["rate-limited"] > FloodFrames * 9 / 10, $"only {flood["rate-limited"]} of {FloodFrames} flood frames were over the limit");
        Assert.Equal(flood["forwarded"] - 2, floodOnWire);
        // All of client-a's frames arrived, in order, during the flood.
        var steady = e.Frames.Where(f => f.Payload.StartsWith("steady ")).Select(f => f.Payload).ToList();
        Assert.Equal(Enumerable.Range(0, SteadyFrames).Select(i => $"steady {i}"), steady);
        Assert.Equal(0, Counters(e.Run, "client 0 ")["rate-limited"]);
    }
}
