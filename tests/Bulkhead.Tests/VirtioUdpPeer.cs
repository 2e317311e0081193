using System.Net;
using System.Net.Sockets;

namespace Bulkhead.Tests;

/// <summary>
/// The host end of a QEMU `-netdev socket,udp=` wire: every Ethernet frame is one UDP datagram on
/// 127.0.0.1. The test binds its socket before QEMU starts (so no frame is lost) and hands QEMU
/// <see cref="Nic"/>. Frames are kept in arrival order; a handler may answer them at once.
/// </summary>
public sealed class VirtioUdpPeer : IDisposable
{
    private readonly UdpClient _socket;
    private readonly List<byte[]> _frames = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _receiver;
    private readonly Action<VirtioUdpPeer, byte[]>? _onFrame;

    /// <summary>QEMU's side of the wire, for QemuArm64Machine.Nics.</summary>
    public Bulkhead.Emulation.UdpNic Nic { get; }

    public VirtioUdpPeer(string guestMac, Action<VirtioUdpPeer, byte[]>? onFrame = null)
    {
        _onFrame = onFrame;
        _socket = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        int peerPort = ((IPEndPoint)_socket.Client.LocalEndPoint!).Port;
        Nic = new Bulkhead.Emulation.UdpNic(peerPort, FreeUdpPort(), guestMac);
        _receiver = Task.Run(Receive);
    }

    public IReadOnlyList<byte[]> Frames { get { lock (_frames) return _frames.ToList(); } }

    /// <summary>Sends one frame to the guest's card.</summary>
    public void Send(byte[] frame) => _socket.Send(frame, frame.Length, new IPEndPoint(IPAddress.Loopback, Nic.LocalPort));

    private async Task Receive()
    {
        while (!_stop.IsCancellationRequested)
        {
            UdpReceiveResult result;
            try { result = await _socket.ReceiveAsync(_stop.Token); }
            catch (OperationCanceledException) { return; }
            catch (ObjectDisposedException) { return; }
            catch (SocketException) { continue; }   // ICMP port unreachable before QEMU listens
            lock (_frames) _frames.Add(result.Buffer);
            _onFrame?.Invoke(this, result.Buffer);
        }
    }

    private static int FreeUdpPort()
    {
        using var probe = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.Client.LocalEndPoint!).Port;
    }

    public static byte[] Mac(string text) => text.Split(':').Select(b => Convert.ToByte(b, 16)).ToArray();

    /// <summary>destination, source, EtherType, payload.</summary>
    public static byte[] Frame(byte[] destination, byte[] source, ushort etherType, byte[] payload) =>
        [.. destination, .. source, (byte)(etherType >> 8), (byte)etherType, .. payload];

    public void Dispose()
    {
        _stop.Cancel();
        _socket.Dispose();
        try { _receiver.Wait(TimeSpan.FromSeconds(2)); } catch (AggregateException) { }
    }
}
