using Bulkhead.Emulation;
using Bulkhead.Systems;
using Xunit;
using Xunit.Abstractions;

namespace Bulkhead.Tests;

/// <summary>
/// The SDK's virtio-mmio drivers (unikernel-sdk/guest/Drivers/Virtio) under QEMU -icount, on
/// tests/systems/virtio.yaml: one guest (tests/guests/virtio-devices) owns a virtio-blk disk (a raw
/// file this test fills) and a virtio-net card whose wire is UDP on 127.0.0.1 with this test at the
/// other end. The same image runs twice: on QEMU 7.2's default legacy transport (version 1,
/// QueuePFN) and on the modern one (version 2, force-legacy=false).
/// </summary>
[Collection("emulator")]
public class VirtioDriverTests(ITestOutputHelper output)
{
    const string GuestMac = "52:54:00:12:34:56";
    const string HostMac = "02:00:00:00:00:fe";
    const ushort TestEtherType = 0x88B5;
    const int DiskBytes = 64 * 1024;
    /// <summary>Lengths of the frames the test sends to be echoed: minimum, middle, maximum.</summary>
    static readonly int[] EchoLengths = [60, 1000, 1514];

    static readonly Lazy<SystemBuilder.Result> Built = new(() => SystemBuilder.Build(TestImages.Repo, SystemRuns.Variant("virtio", 3), TextWriter.Null));

    public static byte HostPattern(int i) => (byte)(i * 13 + 5);
    public static byte GuestPattern(int i) => (byte)((i * 7 + 3) ^ (i >> 9));

    sealed record VirtioRun(RunResult Run, IReadOnlyList<byte[]> Frames, IReadOnlyList<byte[]> Sent, byte[] Disk);

    static readonly Dictionary<bool, Lazy<VirtioRun>> Runs = new()
    {
        [true] = new(() => Boot(legacy: true)),
        [false] = new(() => Boot(legacy: false)),
    };

    static VirtioRun Boot(bool legacy)
    {
        var built = Built.Value;
        string disk = Path.Combine(TestImages.Repo.OutputRoot, "test-systems", $"virtio-disk-{(legacy ? "legacy" : "modern")}.img");
        var bytes = new byte[DiskBytes];
        for (int i = 0; i < 512; i++) bytes[i] = HostPattern(i);
        File.WriteAllBytes(disk, bytes);
        var sent = new List<byte[]>();
        // The guest's hello (a broadcast) starts the exchange: then the frames to echo.
        using var peer = new VirtioUdpPeer(GuestMac, (p, frame) =>
        {
            if (frame.Length < 14 || !frame.AsSpan(0, 6).SequenceEqual(new byte[] { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff })) return;
            foreach (int length in EchoLengths)
            {
                var payload = Enumerable.Range(0, length - 14).Select(i => (byte)(i + length)).ToArray();
                var f = VirtioUdpPeer.Frame(VirtioUdpPeer.Mac(GuestMac), VirtioUdpPeer.Mac(HostMac), TestEtherType, payload);
                lock (sent) sent.Add(f);
                p.Send(f);
            }
        });
        var machine = Machines.QemuFor(built.Board, built.Hypervisor, cores: null, cpu: "cortex-a72").Deterministic() with
        {
            Disks = [disk],
            Nics = [peer.Nic],
            VirtioLegacy = legacy,
        };
        var run = EmulatorRun.Run(QemuArm64Machine.Executable, machine.Arguments(), TimeSpan.FromSeconds(60));
        return new VirtioRun(run, peer.Frames, sent, File.ReadAllBytes(disk));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void BlockDeviceReadsTheHostPatternAndWritesToTheFile(bool legacy)
    {
        var v = Runs[legacy].Value;
        foreach (var line in v.Run.Lines.Where(l => l.StartsWith("[virtio-test]"))) output.WriteLine(line);
        output.WriteLine($"wall time {v.Run.Elapsed.TotalSeconds:F1} s");
        string version = legacy ? "version 1" : "version 2";
        Assert.Contains(v.Run.Lines, l => l.StartsWith("[virtio-test] virtio slot ") && l.Contains(" device 2 ") && l.EndsWith(version));
        Assert.Contains("[virtio-test] blk capacity 128 sectors", v.Run.Lines);
        GuestVerdicts.AssertPassed(v.Run, "virtio-test", "blk-host-pattern", "blk-write-read-back sectors=8", "interrupts");
        // The guest's sectors 8..15 reached the disk file, the rest of it is untouched.
        for (int i = 0; i < 8 * 512; i++) Assert.True(v.Disk[8 * 512 + i] == GuestPattern(i), $"disk byte {8 * 512 + i}");
        Assert.All(v.Disk.Skip(16 * 512), b => Assert.Equal(0, b));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void NetworkCardSendsAndEchoesFramesOverTheUdpWire(bool legacy)
    {
        var v = Runs[legacy].Value;
        foreach (var line in v.Run.Lines.Where(l => l.StartsWith("[virtio-test]"))) output.WriteLine(line);
        string version = legacy ? "version 1" : "version 2";
        Assert.Contains(v.Run.Lines, l => l.StartsWith("[virtio-test] virtio slot ") && l.Contains(" device 1 ") && l.EndsWith(version));
        // The MAC comes from the device's configuration space; the header length from the transport version.
        Assert.Contains($"[virtio-test] net mac {GuestMac} header {(legacy ? 10 : 12)}", v.Run.Lines);
        GuestVerdicts.AssertPassed(v.Run, "virtio-test", "net-send", "net-echo frames=3", "interrupts");
        // The hello: exactly as sent (no virtio header on the wire), from the card's MAC.
        var hello = v.Frames.First();
        Assert.Equal(60, hello.Length);
        Assert.Equal(VirtioUdpPeer.Mac(GuestMac), hello[6..12]);
        Assert.Equal(new byte[] { 0x88, 0xB5 }, hello[12..14]);
        Assert.StartsWith("hello from the virtio-devices guest", System.Text.Encoding.ASCII.GetString(hello, 14, 46));
        // Each echo: the sent frame with the addresses swapped, byte for byte, in order.
        var echoes = v.Frames.Skip(1).ToList();
        Assert.Equal(EchoLengths.Length, echoes.Count);
        for (int i = 0; i < echoes.Count; i++)
        {
            var expected = v.Sent[i][6..12].Concat(v.Sent[i][0..6]).Concat(v.Sent[i][12..]).ToArray();
            Assert.Equal(expected, echoes[i]);
        }
        Assert.Equal(RunOutcome.PoweredOff, v.Run.Outcome);
    }
}
