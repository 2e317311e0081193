namespace Bulkhead.Guest.Net
{
    /// <summary>
    /// Wire layouts and protocol numbers in one place: Ethernet II (no FCS, as carried on a
    /// client's link), ARP for IPv4 over Ethernet, IPv4 without options on send, ICMP echo, UDP.
    /// </summary>
    public static class NetLayout
    {
        // Ethernet II: destination MAC, source MAC, EtherType.
        public const uint EthDestination = 0, EthSource = 6, EthType = 12, EthHeader = 14;
        /// <summary>The largest frame on a link: 14-byte header + 1500-byte MTU (docs/driver-domains.md).</summary>
        public const uint MaxFrame = 1514;
        public const uint Mtu = MaxFrame - EthHeader;
        public const ushort EtherTypeIpv4 = 0x0800, EtherTypeArp = 0x0806;
        public const ulong BroadcastMac = 0xffff_ffff_ffffUL;

        // ARP (RFC 826) for IPv4 over Ethernet, offsets in the Ethernet payload.
        public const uint ArpHardwareType = 0, ArpProtocolType = 2, ArpHardwareLength = 4, ArpProtocolLength = 5, ArpOperation = 6;
        public const uint ArpSenderMac = 8, ArpSenderIp = 14, ArpTargetMac = 18, ArpTargetIp = 24, ArpPacket = 28;
        public const ushort ArpEthernet = 1, ArpRequest = 1, ArpReply = 2;

        // IPv4 (RFC 791), offsets in the Ethernet payload.
        public const uint IpVersionIhl = 0, IpTotalLength = 2, IpIdentification = 4, IpFlagsFragment = 6, IpTtl = 8;
        public const uint IpProtocol = 9, IpChecksum = 10, IpSource = 12, IpDestination = 16, IpHeader = 20;
        public const ushort IpMoreFragments = 0x2000, IpDontFragment = 0x4000, IpFragmentOffsetMask = 0x1fff;
        public const byte ProtocolIcmp = 1, ProtocolUdp = 17;
        public const byte DefaultTtl = 64;
        public const uint BroadcastIp = 0xffff_ffffu;

        // ICMP echo (RFC 792), offsets in the IP payload.
        public const uint IcmpType = 0, IcmpCode = 1, IcmpChecksum = 2, IcmpIdentifier = 4, IcmpSequence = 6, IcmpHeader = 8;
        public const byte IcmpEchoReply = 0, IcmpEchoRequest = 8;

        // UDP (RFC 768), offsets in the IP payload.
        public const uint UdpSourcePort = 0, UdpDestinationPort = 2, UdpLength = 4, UdpChecksum = 6, UdpHeader = 8;
        /// <summary>The largest datagram payload we send or accept (no fragmentation).</summary>
        public const uint MaxUdpPayload = Mtu - IpHeader - UdpHeader;
    }
}
