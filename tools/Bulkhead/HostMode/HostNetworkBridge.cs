using System.Net;
using System.Net.Sockets;

namespace Bulkhead.Cli.HostMode;

/// <summary>
/// `run --host`'s stand-in for the network driver domain (docs/host-mode.md): one UDP socket on
/// 127.0.0.1; each client process's NetworkInterface registers its MAC with a 6-byte datagram and
/// then sends Ethernet frames as datagrams. Like the real driver, a frame goes only to the client
/// whose MAC it is addressed to, or to every other client when broadcast or multicast; frames for
/// nobody are dropped (there is no wire), as are frames from a source MAC that is not a client's.
/// A client whose process has not registered yet gets its frames when it does, up to a ring's worth
/// (the driver's ring to it exists from boot and holds them). Nothing leaves 127.0.0.1.
/// </summary>
public sealed class HostNetworkBridge : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly HashSet<ulong> _clients;
    private readonly Dictionary<ulong, EndPoint> _ports = new();
    private readonly Dictionary<ulong, Queue<byte[]>> _waiting = new();
    private readonly Dictionary<ulong, int> _waitingBytes = new();

    /// <summary>Frames kept for a client not yet registered: network.yaml's default ring size.</summary>
    public const int WaitingLimitBytes = 16 * 1024;
    private readonly Thread _thread;

    public int Port { get; }

    public HostNetworkBridge(IEnumerable<ulong> clientMacs)
    {
        _clients = clientMacs.ToHashSet();
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        // A client that exited leaves an ICMP port-unreachable behind: on Linux that is only an error on the next receive.
        Port = ((IPEndPoint)_socket.LocalEndPoint!).Port;
        _thread = new Thread(Forward) { IsBackground = true, Name = "host network bridge" };
        _thread.Start();
    }

    private void Forward()
    {
        var buffer = new byte[65536];
        while (true)
        {
            EndPoint from = new IPEndPoint(IPAddress.Loopback, 0);
            int n;
            try { n = _socket.ReceiveFrom(buffer, ref from); }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionReset or SocketError.ConnectionRefused) { continue; }
            catch (Exception e) when (e is SocketException or ObjectDisposedException) { return; }
            if (n == 6)
            {
                // A (re)started client's interface: its MAC now lives at this port.
                ulong mac = Mac(buffer, 0);
                if (!_clients.Contains(mac)) continue;
                Queue<byte[]>? waiting;
                lock (_ports)
                {
                    _ports[mac] = from;
                    _waiting.Remove(mac, out waiting);
                    _waitingBytes.Remove(mac);
                }
                while (waiting?.Count > 0) SendTo(waiting.Dequeue(), from);
                continue;
            }
            if (n < 14) continue;
            ulong destination = Mac(buffer, 0), source = Mac(buffer, 6);
            if (!_clients.Contains(source)) continue;
            var frame = buffer[..n];
            var targets = new List<EndPoint>();
            lock (_ports)
            {
                _ports[source] = from;
                foreach (ulong mac in (buffer[0] & 1) != 0 ? _clients.Where(m => m != source) : _clients.Where(m => m == destination))
                {
                    if (_ports.TryGetValue(mac, out var to)) targets.Add(to);
                    else Keep(mac, frame);
                }
            }
            foreach (var to in targets) SendTo(frame, to);
        }
    }

    private void Keep(ulong mac, byte[] frame)
    {
        int bytes = _waitingBytes.GetValueOrDefault(mac);
        if (bytes + frame.Length > WaitingLimitBytes) return;   // a full ring: dropped
        if (!_waiting.TryGetValue(mac, out var queue)) _waiting[mac] = queue = new Queue<byte[]>();
        queue.Enqueue(frame);
        _waitingBytes[mac] = bytes + frame.Length;
    }

    private void SendTo(byte[] frame, EndPoint to)
    {
        try { _socket.SendTo(frame, SocketFlags.None, to); }
        catch (SocketException) { }   // a client that ended: its frames are lost, as on a wire
    }

    private static ulong Mac(byte[] b, int at)
    {
        ulong mac = 0;
        for (int i = 0; i < 6; i++) mac = (mac << 8) | b[at + i];
        return mac;
    }

    public void Dispose()
    {
        _socket.Dispose();
        _thread.Join(1000);
    }
}
