using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Bulkhead.Config.Checking;
using Bulkhead.Emulation;

namespace Bulkhead.Cli.Ctl;

/// <summary>
/// How `bulkhead run` lets `bulkhead ctl` reach a system's manager without anything leaving the
/// machine: the virtio-net card's wire is UDP on 127.0.0.1 (`-netdev socket`), and this relay is the
/// other end. It listens on 127.0.0.1:HostPort; each datagram a client sends there becomes one
/// Ethernet/IPv4/UDP frame from the relay's address on the server's subnet to the server's MAC,
/// address and port; the server's answers (after it ARPs for the relay, answered here) go back to
/// the client that asked. Nothing else is forwarded in either direction.
/// </summary>
/// <remarks>
/// QEMU's user-mode network cannot do this: with restrict=on, libslirp drops every UDP datagram the
/// guest sends (hostfwd answers included), and without it the guest could reach the outside.
/// </remarks>
public sealed class ManagementRelay : IDisposable
{
    private const ushort EtherIpv4 = 0x0800, EtherArp = 0x0806;
    public static readonly byte[] RelayMac = [0x02, 0x00, 0x00, 0x00, 0xfe, 0xfe];

    private readonly Socket _host;      // 127.0.0.1:HostPort, where ctl sends
    private readonly Socket _wire;      // the card's wire: frames to and from QEMU
    private readonly IPEndPoint _qemu;
    private readonly byte[] _serverMac;
    private readonly Dictionary<ushort, IPEndPoint> _clients = new();
    private readonly Thread _toGuest, _fromGuest;
    private volatile bool _stopped;
    private ushort _ipId;

    public uint ServerIp { get; }
    public ushort ServerPort { get; }
    public uint RelayIp { get; }
    public int HostPort { get; }
    /// <summary>QEMU's card: it sends each frame to our wire socket and receives ours on its own port.</summary>
    public UdpNic Nic { get; }
    public long ToGuest, FromGuest;

    public ManagementRelay(uint serverIp, ulong serverMac, ushort serverPort, uint relayIp, int hostPort, string cardMac = "02:00:00:00:00:01")
    {
        ServerIp = serverIp; ServerPort = serverPort; RelayIp = relayIp;
        _serverMac = new byte[6];
        for (int i = 0; i < 6; i++) _serverMac[i] = (byte)(serverMac >> (40 - 8 * i));
        _host = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        try { _host.Bind(new IPEndPoint(IPAddress.Loopback, hostPort)); }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            _host.Dispose();
            throw new UsageException($"run: 127.0.0.1:{hostPort} (UDP, the management port) is in use: is another managed system running?");
        }
        HostPort = ((IPEndPoint)_host.LocalEndPoint!).Port;
        _wire = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        _wire.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        int qemuPort;
        using (var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp))
        {
            probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            qemuPort = ((IPEndPoint)probe.LocalEndPoint!).Port;
        }
        _qemu = new IPEndPoint(IPAddress.Loopback, qemuPort);
        Nic = new UdpNic(((IPEndPoint)_wire.LocalEndPoint!).Port, qemuPort, cardMac);
        _toGuest = new Thread(PumpToGuest) { IsBackground = true, Name = "mgmt relay to guest" };
        _fromGuest = new Thread(PumpFromGuest) { IsBackground = true, Name = "mgmt relay from guest" };
        _toGuest.Start();
        _fromGuest.Start();
    }

    /// <summary>The relay for a system with `management:` (null without): the server's address and MAC from `network:`, the relay on the highest free address of its subnet.</summary>
    public static ManagementRelay? For(ResolvedSystem system, int? hostPort = null)
    {
        if (system.Management is not { } m || system.Network?.ClientFor(m.Server) is not { } server) return null;
        uint mask = server.PrefixLength == 0 ? 0 : uint.MaxValue << (32 - server.PrefixLength);
        uint relay = (m.ServerIpv4 & mask) | (~mask - 1);
        var used = system.Network.Clients.Select(c => c.Ipv4).ToHashSet();
        while (used.Contains(relay) || relay == server.Gateway) relay--;
        return new ManagementRelay(m.ServerIpv4, server.Mac, m.UdpPort, relay, hostPort ?? m.UdpPort);
    }

    public static string Dotted(uint ip) => $"{ip >> 24}.{(ip >> 16) & 0xff}.{(ip >> 8) & 0xff}.{ip & 0xff}";

    private void PumpToGuest()
    {
        var buffer = new byte[2048];
        while (!_stopped)
        {
            EndPoint from = new IPEndPoint(IPAddress.Any, 0);
            int n;
            try { n = _host.ReceiveFrom(buffer, ref from); }
            catch (SocketException) { continue; }
            catch (ObjectDisposedException) { return; }
            if (n > 1472) continue;   // one Ethernet frame at most
            var client = (IPEndPoint)from;
            ushort port = (ushort)client.Port;
            lock (_clients) _clients[port] = client;
            try { _wire.SendTo(UdpFrame(buffer.AsSpan(0, n), port), _qemu); Interlocked.Increment(ref ToGuest); }
            catch (SocketException) { }   // QEMU not listening yet: the client retries
            catch (ObjectDisposedException) { return; }
        }
    }

    private void PumpFromGuest()
    {
        var frame = new byte[2048];
        while (!_stopped)
        {
            int n;
            try { n = _wire.Receive(frame); }
            catch (SocketException) { continue; }
            catch (ObjectDisposedException) { return; }
            var f = frame.AsSpan(0, n);
            if (n < 14) continue;
            ushort type = BinaryPrimitives.ReadUInt16BigEndian(f[12..]);
            try
            {
                if (type == EtherArp) AnswerArp(f);
                else if (type == EtherIpv4) DeliverUdp(f[14..]);
            }
            catch (SocketException) { }
            catch (ObjectDisposedException) { return; }
        }
    }

    /// <summary>Who-has RelayIp: is-at RelayMac (the server asks before it answers).</summary>
    private void AnswerArp(ReadOnlySpan<byte> f)
    {
        var arp = f[14..];
        if (arp.Length < 28 || BinaryPrimitives.ReadUInt16BigEndian(arp[6..]) != 1 || BinaryPrimitives.ReadUInt32BigEndian(arp[24..]) != RelayIp) return;
        var reply = new byte[14 + 28];
        arp[8..14].CopyTo(reply);                 // to the asker's MAC
        RelayMac.CopyTo(reply, 6);
        BinaryPrimitives.WriteUInt16BigEndian(reply.AsSpan(12), EtherArp);
        var r = reply.AsSpan(14);
        arp[..6].CopyTo(r);                       // hardware/protocol types and lengths as asked
        BinaryPrimitives.WriteUInt16BigEndian(r[6..], 2);
        RelayMac.CopyTo(r[8..]);
        BinaryPrimitives.WriteUInt32BigEndian(r[14..], RelayIp);
        arp[8..18].CopyTo(r[18..]);               // target: the asker's MAC and IP
        _wire.SendTo(reply, _qemu);
    }

    /// <summary>An IPv4/UDP datagram from the server's address and port to ours: its payload to the client whose port it names.</summary>
    private void DeliverUdp(ReadOnlySpan<byte> ip)
    {
        if (ip.Length < 28 || ip[0] >> 4 != 4 || ip[9] != 17) return;
        int header = (ip[0] & 0xf) * 4;
        int total = BinaryPrimitives.ReadUInt16BigEndian(ip[2..]);
        if (total > ip.Length || header + 8 > total) return;
        if (BinaryPrimitives.ReadUInt32BigEndian(ip[12..]) != ServerIp || BinaryPrimitives.ReadUInt32BigEndian(ip[16..]) != RelayIp) return;
        var udp = ip[header..total];
        if (BinaryPrimitives.ReadUInt16BigEndian(udp) != ServerPort) return;
        ushort port = BinaryPrimitives.ReadUInt16BigEndian(udp[2..]);
        int length = BinaryPrimitives.ReadUInt16BigEndian(udp[4..]);
        if (length < 8 || length > udp.Length) return;
        IPEndPoint? client;
        lock (_clients) _clients.TryGetValue(port, out client);
        if (client == null) return;
        _host.SendTo(udp[8..length], client);
        Interlocked.Increment(ref FromGuest);
    }

    /// <summary>Ethernet + IPv4 + UDP around <paramref name="payload"/>, from RelayIp:sourcePort to the server.</summary>
    public byte[] UdpFrame(ReadOnlySpan<byte> payload, ushort sourcePort)
    {
        var frame = new byte[14 + 20 + 8 + payload.Length];
        _serverMac.CopyTo(frame, 0);
        RelayMac.CopyTo(frame, 6);
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(12), EtherIpv4);
        var ip = frame.AsSpan(14, 20);
        ip[0] = 0x45;
        BinaryPrimitives.WriteUInt16BigEndian(ip[2..], (ushort)(20 + 8 + payload.Length));
        BinaryPrimitives.WriteUInt16BigEndian(ip[4..], ++_ipId);
        BinaryPrimitives.WriteUInt16BigEndian(ip[6..], 0x4000);   // don't fragment
        ip[8] = 64;
        ip[9] = 17;
        BinaryPrimitives.WriteUInt32BigEndian(ip[12..], RelayIp);
        BinaryPrimitives.WriteUInt32BigEndian(ip[16..], ServerIp);
        BinaryPrimitives.WriteUInt16BigEndian(ip[10..], Checksum(ip, 0));
        var udp = frame.AsSpan(34);
        BinaryPrimitives.WriteUInt16BigEndian(udp, sourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(udp[2..], ServerPort);
        BinaryPrimitives.WriteUInt16BigEndian(udp[4..], (ushort)(8 + payload.Length));
        payload.CopyTo(udp[8..]);
        // The UDP checksum covers a pseudo-header: addresses, protocol, length.
        uint pseudo = (RelayIp >> 16) + (RelayIp & 0xffff) + (ServerIp >> 16) + (ServerIp & 0xffff) + 17u + (uint)(8 + payload.Length);
        ushort sum = Checksum(udp, pseudo);
        BinaryPrimitives.WriteUInt16BigEndian(udp[6..], sum == 0 ? (ushort)0xffff : sum);
        return frame;
    }

    /// <summary>The Internet checksum (RFC 1071) of <paramref name="data"/> plus an initial sum.</summary>
    public static ushort Checksum(ReadOnlySpan<byte> data, uint sum)
    {
        for (int i = 0; i + 1 < data.Length; i += 2) sum += (uint)(data[i] << 8 | data[i + 1]);
        if (data.Length % 2 == 1) sum += (uint)data[^1] << 8;
        while (sum >> 16 != 0) sum = (sum & 0xffff) + (sum >> 16);
        return (ushort)~sum;
    }

    public void Dispose()
    {
        _stopped = true;
        _host.Dispose();
        _wire.Dispose();
    }
}
