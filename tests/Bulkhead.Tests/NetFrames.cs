using System.Buffers.Binary;

namespace Bulkhead.Tests;

/// <summary>
/// Ethernet/ARP/IPv4/ICMP/UDP frames built and parsed by the tests, written independently of the
/// SDK's stack (unikernel-sdk/guest/Net) so the two check each other: the host-side peer of the
/// stack tests and of the network driver domain test.
/// </summary>
public static class NetFrames
{
    public const ushort EtherTypeIpv4 = 0x0800, EtherTypeArp = 0x0806;
    public const ulong Broadcast = 0xffff_ffff_ffff;

    public static uint Ip(string dotted) => BinaryPrimitives.ReadUInt32BigEndian(System.Net.IPAddress.Parse(dotted).GetAddressBytes());

    public static ushort Checksum(ReadOnlySpan<byte> data, uint initial = 0)
    {
        ulong sum = initial;
        for (int i = 0; i < data.Length; i += 2)
            sum += (uint)(data[i] << 8) | (i + 1 < data.Length ? data[i + 1] : 0u);
        while (sum > 0xffff) sum = (sum & 0xffff) + (sum >> 16);
        return (ushort)~sum;
    }

    private static void PutMac(Span<byte> p, ulong mac)
    {
        for (int i = 0; i < 6; i++) p[i] = (byte)(mac >> (8 * (5 - i)));
    }

    public static ulong GetMac(ReadOnlySpan<byte> p)
    {
        ulong mac = 0;
        for (int i = 0; i < 6; i++) mac = (mac << 8) | p[i];
        return mac;
    }

    public static byte[] Ethernet(ulong destination, ulong source, ushort type, ReadOnlySpan<byte> payload)
    {
        var f = new byte[14 + payload.Length];
        PutMac(f, destination);
        PutMac(f.AsSpan(6), source);
        BinaryPrimitives.WriteUInt16BigEndian(f.AsSpan(12), type);
        payload.CopyTo(f.AsSpan(14));
        return f;
    }

    public static byte[] Arp(ushort operation, ulong senderMac, uint senderIp, ulong targetMac, uint targetIp, ulong frameDestination)
    {
        var a = new byte[28];
        BinaryPrimitives.WriteUInt16BigEndian(a, 1);
        BinaryPrimitives.WriteUInt16BigEndian(a.AsSpan(2), EtherTypeIpv4);
        a[4] = 6;
        a[5] = 4;
        BinaryPrimitives.WriteUInt16BigEndian(a.AsSpan(6), operation);
        PutMac(a.AsSpan(8), senderMac);
        BinaryPrimitives.WriteUInt32BigEndian(a.AsSpan(14), senderIp);
        PutMac(a.AsSpan(18), targetMac);
        BinaryPrimitives.WriteUInt32BigEndian(a.AsSpan(24), targetIp);
        return Ethernet(frameDestination, senderMac, EtherTypeArp, a);
    }

    public static byte[] ArpRequest(ulong senderMac, uint senderIp, uint targetIp) => Arp(1, senderMac, senderIp, 0, targetIp, Broadcast);

    public static byte[] Ipv4(ulong destinationMac, ulong sourceMac, uint source, uint destination, byte protocol, ReadOnlySpan<byte> payload, ushort flagsFragment = 0x4000)
    {
        var p = new byte[20 + payload.Length];
        p[0] = 0x45;
        BinaryPrimitives.WriteUInt16BigEndian(p.AsSpan(2), (ushort)p.Length);
        BinaryPrimitives.WriteUInt16BigEndian(p.AsSpan(4), 0x1234);
        BinaryPrimitives.WriteUInt16BigEndian(p.AsSpan(6), flagsFragment);
        p[8] = 64;
        p[9] = protocol;
        BinaryPrimitives.WriteUInt32BigEndian(p.AsSpan(12), source);
        BinaryPrimitives.WriteUInt32BigEndian(p.AsSpan(16), destination);
        BinaryPrimitives.WriteUInt16BigEndian(p.AsSpan(10), Checksum(p.AsSpan(0, 20)));
        payload.CopyTo(p.AsSpan(20));
        return Ethernet(destinationMac, sourceMac, EtherTypeIpv4, p);
    }

    public static byte[] Icmp(byte type, ushort id, ushort sequence, ReadOnlySpan<byte> data)
    {
        var m = new byte[8 + data.Length];
        m[0] = type;
        BinaryPrimitives.WriteUInt16BigEndian(m.AsSpan(4), id);
        BinaryPrimitives.WriteUInt16BigEndian(m.AsSpan(6), sequence);
        data.CopyTo(m.AsSpan(8));
        BinaryPrimitives.WriteUInt16BigEndian(m.AsSpan(2), Checksum(m));
        return m;
    }

    public static byte[] EchoRequest(ulong destinationMac, ulong sourceMac, uint source, uint destination, ushort id, ushort sequence, ReadOnlySpan<byte> data) =>
        Ipv4(destinationMac, sourceMac, source, destination, 1, Icmp(8, id, sequence, data));

    public static uint PseudoSum(uint source, uint destination, int udpLength) =>
        (source >> 16) + (source & 0xffff) + (destination >> 16) + (destination & 0xffff) + 17u + (uint)udpLength;

    public static byte[] Udp(uint source, uint destination, ushort sourcePort, ushort destinationPort, ReadOnlySpan<byte> data, bool checksum = true)
    {
        var u = new byte[8 + data.Length];
        BinaryPrimitives.WriteUInt16BigEndian(u, sourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(u.AsSpan(2), destinationPort);
        BinaryPrimitives.WriteUInt16BigEndian(u.AsSpan(4), (ushort)u.Length);
        data.CopyTo(u.AsSpan(8));
        if (checksum)
        {
            ushort c = Checksum(u, PseudoSum(source, destination, u.Length));
            BinaryPrimitives.WriteUInt16BigEndian(u.AsSpan(6), c == 0 ? (ushort)0xffff : c);
        }
        return u;
    }

    public static byte[] UdpFrame(ulong destinationMac, ulong sourceMac, uint source, uint destination, ushort sourcePort, ushort destinationPort, ReadOnlySpan<byte> data, bool checksum = true) =>
        Ipv4(destinationMac, sourceMac, source, destination, 17, Udp(source, destination, sourcePort, destinationPort, data, checksum));

    // ---- Parsing (what a received frame is) ----

    public static ulong Destination(byte[] f) => GetMac(f);
    public static ulong Source(byte[] f) => GetMac(f.AsSpan(6));
    public static ushort Type(byte[] f) => BinaryPrimitives.ReadUInt16BigEndian(f.AsSpan(12));

    /// <summary>An ARP packet's operation, sender MAC and IP, target IP; false when the frame is not ARP.</summary>
    public static bool IsArp(byte[] f, out ushort operation, out ulong senderMac, out uint senderIp, out uint targetIp)
    {
        operation = 0; senderMac = 0; senderIp = 0; targetIp = 0;
        if (f.Length < 42 || Type(f) != EtherTypeArp) return false;
        operation = BinaryPrimitives.ReadUInt16BigEndian(f.AsSpan(20));
        senderMac = GetMac(f.AsSpan(22));
        senderIp = BinaryPrimitives.ReadUInt32BigEndian(f.AsSpan(28));
        targetIp = BinaryPrimitives.ReadUInt32BigEndian(f.AsSpan(38));
        return true;
    }

    /// <summary>The IPv4 packet in a frame, with its header checksum verified; false otherwise.</summary>
    public static bool IsIpv4(byte[] f, out uint source, out uint destination, out byte protocol, out byte[] payload)
    {
        source = 0; destination = 0; protocol = 0; payload = [];
        if (f.Length < 34 || Type(f) != EtherTypeIpv4 || f[14] != 0x45) return false;
        int total = BinaryPrimitives.ReadUInt16BigEndian(f.AsSpan(16));
        if (total < 20 || 14 + total > f.Length || Checksum(f.AsSpan(14, 20)) != 0) return false;
        source = BinaryPrimitives.ReadUInt32BigEndian(f.AsSpan(26));
        destination = BinaryPrimitives.ReadUInt32BigEndian(f.AsSpan(30));
        protocol = f[23];
        payload = f.AsSpan(34, total - 20).ToArray();
        return true;
    }

    /// <summary>An ICMP echo reply (checksum verified): identifier, sequence, data.</summary>
    public static bool IsEchoReply(byte[] f, out uint source, out ushort id, out ushort sequence, out byte[] data)
    {
        id = 0; sequence = 0; data = [];
        if (!IsIpv4(f, out source, out _, out byte protocol, out var icmp) || protocol != 1 || icmp.Length < 8 || icmp[0] != 0 || Checksum(icmp) != 0) return false;
        id = BinaryPrimitives.ReadUInt16BigEndian(icmp.AsSpan(4));
        sequence = BinaryPrimitives.ReadUInt16BigEndian(icmp.AsSpan(6));
        data = icmp[8..];
        return true;
    }

    /// <summary>A UDP datagram (checksum verified when present): ports and data.</summary>
    public static bool IsUdp(byte[] f, out uint source, out ushort sourcePort, out ushort destinationPort, out byte[] data)
    {
        sourcePort = 0; destinationPort = 0; data = [];
        if (!IsIpv4(f, out source, out uint destination, out byte protocol, out var u) || protocol != 17 || u.Length < 8) return false;
        int length = BinaryPrimitives.ReadUInt16BigEndian(u.AsSpan(4));
        if (length < 8 || length > u.Length) return false;
        if (BinaryPrimitives.ReadUInt16BigEndian(u.AsSpan(6)) != 0 && Checksum(u.AsSpan(0, length), PseudoSum(source, destination, length)) != 0) return false;
        sourcePort = BinaryPrimitives.ReadUInt16BigEndian(u);
        destinationPort = BinaryPrimitives.ReadUInt16BigEndian(u.AsSpan(2));
        data = u[8..length];
        return true;
    }
}
