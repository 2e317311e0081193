using static Bulkhead.Guest.Net.NetLayout;

namespace Bulkhead.Guest.Net
{
    /// <summary>
    /// A small IPv4 stack over one <see cref="NetworkInterface"/>: Ethernet, ARP (answers for our
    /// address, a small expiring cache), IPv4 without fragmentation (fragments are dropped and
    /// counted), ICMP echo (answers requests; <see cref="Ping"/> sends them) and UDP through
    /// <see cref="UdpSocket"/>. Static addresses.
    ///
    /// Poll model: nothing runs in the background. <see cref="Poll"/> handles the frames that
    /// arrived (answering ARP and pings, queueing datagrams on their sockets); the blocking calls
    /// (Ping, SendTo resolving a neighbour, ReceiveFrom) poll while they wait and sleep in the
    /// interface's WaitForFrame between frames. A service that only serves calls a blocking receive
    /// or Poll in its loop. One vCPU uses a stack; it is not shared between cores.
    ///
    /// No allocation after construction: one receive and one transmit frame buffer. Every length
    /// read from a frame is checked against the frame before it is used.
    /// </summary>
    public sealed unsafe partial class IpStack
    {
        public const int MaxSockets = 8;
        /// <summary>Frames handled by one Poll at most, so a flood cannot keep a caller inside Poll forever.</summary>
        public const int MaxFramesPerPoll = 32;
        /// <summary>An unanswered ARP request is sent again after this long.</summary>
        public const ulong ArpRetryMs = 250;
        /// <summary>How long SendTo waits for a neighbour to answer ARP before it gives up.</summary>
        public const ulong ResolveTimeoutMs = 1000;
        public const ushort FirstEphemeralPort = 49152;
        private const uint PingPayload = 32;

        public NetworkInterface Interface;
        public readonly ulong Mac;
        public readonly uint Address;
        public readonly int PrefixLength;
        public readonly uint Gateway;
        public readonly ArpCache Arp = new ArpCache();
        public NetCounters Counters;

        private readonly uint _mask;
        private readonly byte[] _rx = new byte[MaxFrame];
        private readonly byte[] _tx = new byte[MaxFrame];
        private readonly UdpSocket[] _sockets = new UdpSocket[MaxSockets];
        private ushort _ipIdentification;
        private ushort _nextEphemeral = FirstEphemeralPort;

        // The one outstanding ping.
        private const ushort EchoIdentifier = 0xb1c4;
        private ushort _echoSequence;
        private uint _echoTarget;
        private bool _echoAnswered;

        /// <summary>A stack on <paramref name="nic"/> with address <paramref name="address"/>/<paramref name="prefixLength"/> (host order) and an optional gateway (0 = none).</summary>
        public IpStack(NetworkInterface nic, uint address, int prefixLength, uint gateway)
        {
            Interface = nic;
            Mac = nic.Mac;
            Address = address;
            PrefixLength = prefixLength < 0 ? 0 : prefixLength > 32 ? 32 : prefixLength;
            _mask = PrefixLength == 0 ? 0 : 0xffff_ffffu << (32 - PrefixLength);
            Gateway = gateway;
        }

        /// <summary>Handles the frames waiting on the interface (at most <see cref="MaxFramesPerPoll"/>); returns how many.</summary>
        public int Poll()
        {
            int handled = 0;
            fixed (byte* rx = _rx)
            {
                while (handled < MaxFramesPerPoll && Interface.TryReceive(rx, MaxFrame, out uint length))
                {
                    handled++;
                    Counters.FramesReceived++;
                    // The interface cuts a longer message to our buffer but reports its full length.
                    if (length > MaxFrame) Counters.Malformed++;
                    else HandleFrame(rx, length);
                }
            }
            return handled;
        }

        /// <summary>Polls, then sleeps until a frame arrives or <paramref name="wakeAtMs"/> when nothing was there.</summary>
        public void PollOrWait(ulong wakeAtMs)
        {
            if (Poll() != 0) return;
            ulong now = Interface.NowMs;
            if (now < wakeAtMs) Interface.WaitForFrame(wakeAtMs - now);
        }

        /// <summary>True when <paramref name="ip"/> is on our subnet (reached directly, not through the gateway).</summary>
        public bool IsLocal(uint ip) => (ip & _mask) == (Address & _mask);

        private bool IsBroadcast(uint ip) => ip == BroadcastIp || (PrefixLength < 31 && ip == (Address | ~_mask));

        // ---- Receive path -------------------------------------------------------------------

        private void HandleFrame(byte* frame, uint length)
        {
            if (length < EthHeader) { Counters.Malformed++; return; }
            ulong destination = NetBytes.ReadMac(frame + EthDestination);
            if (destination != Mac && destination != BroadcastMac) { Counters.FramesNotForUs++; return; }
            ushort type = NetBytes.Read16(frame + EthType);
            if (type == EtherTypeArp) HandleArp(frame + EthHeader, length - EthHeader);
            else if (type == EtherTypeIpv4) HandleIpv4(frame, length - EthHeader);
            else Counters.Ignored++;
        }

        private void HandleArp(byte* arp, uint length)
        {
            if (length < ArpPacket) { Counters.Malformed++; return; }
            if (NetBytes.Read16(arp + ArpHardwareType) != ArpEthernet || NetBytes.Read16(arp + ArpProtocolType) != EtherTypeIpv4
                || arp[ArpHardwareLength] != 6 || arp[ArpProtocolLength] != 4) { Counters.Ignored++; return; }
            ushort operation = NetBytes.Read16(arp + ArpOperation);
            ulong senderMac = NetBytes.ReadMac(arp + ArpSenderMac);
            uint senderIp = NetBytes.Read32(arp + ArpSenderIp);
            uint targetIp = NetBytes.Read32(arp + ArpTargetIp);
            bool forUs = targetIp == Address;
            // RFC 826: refresh what we track; learn the sender when it talks to us. Never learn a
            // group MAC (low bit of the first byte) or the unspecified address of a probe.
            bool usable = senderIp != 0 && senderIp != Address && (senderMac & 0x0100_0000_0000UL) == 0 && senderMac != 0;
            if (usable && (forUs || Arp.Contains(senderIp))) Arp.Set(senderIp, senderMac, Interface.NowMs);
            if (!forUs) { Counters.Ignored++; return; }
            if (operation == ArpRequest)
            {
                if ((senderMac & 0x0100_0000_0000UL) != 0) { Counters.Ignored++; return; }
                SendArp(ArpReply, senderMac, senderMac, senderIp);
                Counters.ArpRequestsAnswered++;
            }
            else if (operation == ArpReply) Counters.ArpRepliesReceived++;
            else Counters.Ignored++;
        }

        private void HandleIpv4(byte* frame, uint length)
        {
            byte* ip = frame + EthHeader;
            if (length < IpHeader) { Counters.Malformed++; return; }
            uint headerLength = (uint)(ip[IpVersionIhl] & 0xf) * 4;
            if ((ip[IpVersionIhl] >> 4) != 4 || headerLength < IpHeader || headerLength > length) { Counters.Malformed++; return; }
            uint total = NetBytes.Read16(ip + IpTotalLength);
            // The frame may be longer than the packet (Ethernet pads to 60 bytes), never shorter.
            if (total < headerLength || total > length) { Counters.Malformed++; return; }
            if (InternetChecksum.Compute(ip, headerLength) != 0) { Counters.BadChecksum++; return; }
            ushort fragment = NetBytes.Read16(ip + IpFlagsFragment);
            if ((fragment & IpMoreFragments) != 0 || (fragment & IpFragmentOffsetMask) != 0) { Counters.Fragments++; return; }
            uint source = NetBytes.Read32(ip + IpSource);
            uint destination = NetBytes.Read32(ip + IpDestination);
            bool unicast = destination == Address;
            if (!unicast && !IsBroadcast(destination)) { Counters.Ignored++; return; }
            byte* payload = ip + headerLength;
            uint payloadLength = total - headerLength;
            byte protocol = ip[IpProtocol];
            if (protocol == ProtocolIcmp) HandleIcmp(frame, source, unicast, payload, payloadLength);
            else if (protocol == ProtocolUdp) HandleUdp(source, destination, payload, payloadLength);
            else Counters.Ignored++;
        }

        private void HandleIcmp(byte* frame, uint source, bool unicast, byte* icmp, uint length)
        {
            if (length < IcmpHeader) { Counters.Malformed++; return; }
            if (InternetChecksum.Compute(icmp, length) != 0) { Counters.BadChecksum++; return; }
            byte type = icmp[IcmpType];
            if (type == IcmpEchoRequest && icmp[IcmpCode] == 0 && unicast)
            {
                // Answer to the MAC it came from: no ARP round trip before a reply.
                ulong to = NetBytes.ReadMac(frame + EthSource);
                fixed (byte* tx = _tx)
                {
                    byte* reply = WriteHeaders(tx, to, source, ProtocolIcmp, length);
                    NetBytes.Copy(reply, icmp, length);
                    reply[IcmpType] = IcmpEchoReply;
                    NetBytes.Write16(reply + IcmpChecksum, 0);
                    NetBytes.Write16(reply + IcmpChecksum, InternetChecksum.Compute(reply, length));
                    if (Transmit(tx, EthHeader + IpHeader + length)) Counters.EchoRequestsAnswered++;
                }
            }
            else if (type == IcmpEchoReply)
            {
                if (source == _echoTarget && NetBytes.Read16(icmp + IcmpIdentifier) == EchoIdentifier
                    && NetBytes.Read16(icmp + IcmpSequence) == _echoSequence)
                {
                    _echoAnswered = true;
                    Counters.EchoRepliesReceived++;
                }
                else Counters.Ignored++;
            }
            else Counters.Ignored++;
        }

        private void HandleUdp(uint source, uint destination, byte* udp, uint length)
        {
            if (length < UdpHeader) { Counters.Malformed++; return; }
            uint udpLength = NetBytes.Read16(udp + UdpLength);
            if (udpLength < UdpHeader || udpLength > length) { Counters.Malformed++; return; }
            // Zero: the sender did not compute one (allowed over IPv4).
            if (NetBytes.Read16(udp + UdpChecksum) != 0)
            {
                uint sum = InternetChecksum.PseudoHeader(source, destination, ProtocolUdp, udpLength);
                if (InternetChecksum.Finish(InternetChecksum.Add(sum, udp, udpLength)) != 0) { Counters.BadChecksum++; return; }
            }
            ushort port = NetBytes.Read16(udp + UdpDestinationPort);
            UdpSocket? socket = Find(port);
            if (socket is null) { Counters.UdpNoSocket++; return; }
            if (socket.Enqueue(source, NetBytes.Read16(udp + UdpSourcePort), udp + UdpHeader, udpLength - UdpHeader)) Counters.UdpDelivered++;
            else Counters.UdpQueueFull++;
        }

        // ---- Send path ----------------------------------------------------------------------

        /// <summary>
        /// The MAC to send to <paramref name="ip"/>: broadcast for a broadcast address, else the
        /// neighbour's (the gateway's when off-subnet), asking by ARP until
        /// <paramref name="deadlineMs"/>. Polls while it waits.
        /// </summary>
        public bool Resolve(uint ip, ulong deadlineMs, out ulong mac)
        {
            mac = BroadcastMac;
            if (IsBroadcast(ip)) return true;
            uint hop = IsLocal(ip) ? ip : Gateway;
            if (hop == 0 || hop == Address) return false;
            ulong nextRequest = 0;
            while (true)
            {
                ulong now = Interface.NowMs;
                if (Arp.TryLookup(hop, now, out mac)) return true;
                if (now >= deadlineMs) return false;
                if (now >= nextRequest)
                {
                    SendArp(ArpRequest, BroadcastMac, 0, hop);
                    nextRequest = now + ArpRetryMs;
                }
                PollOrWait(nextRequest < deadlineMs ? nextRequest : deadlineMs);
            }
        }

        /// <summary>
        /// Sends an ICMP echo request to <paramref name="ip"/> and polls until its reply comes or
        /// <paramref name="timeoutMs"/> passed (ARP included). <paramref name="roundTripMs"/>: from the call to the reply.
        /// </summary>
        public bool Ping(uint ip, ulong timeoutMs, out ulong roundTripMs)
        {
            roundTripMs = 0;
            ulong start = Interface.NowMs;
            ulong deadline = start + timeoutMs;
            if (!SendEchoRequest(ip, deadline)) return false;
            while (!_echoAnswered)
            {
                if (Interface.NowMs >= deadline) return false;
                PollOrWait(deadline);
            }
            roundTripMs = Interface.NowMs - start;
            return true;
        }

        /// <summary>Sends the next echo request to <paramref name="ip"/> (the one <see cref="EchoAnswered"/> then reports on).</summary>
        public bool SendEchoRequest(uint ip, ulong deadlineMs)
        {
            if (!Resolve(ip, deadlineMs, out ulong mac)) return false;
            _echoSequence++;
            _echoTarget = ip;
            _echoAnswered = false;
            fixed (byte* tx = _tx)
            {
                byte* icmp = WriteHeaders(tx, mac, ip, ProtocolIcmp, IcmpHeader + PingPayload);
                icmp[IcmpType] = IcmpEchoRequest;
                icmp[IcmpCode] = 0;
                NetBytes.Write16(icmp + IcmpChecksum, 0);
                NetBytes.Write16(icmp + IcmpIdentifier, EchoIdentifier);
                NetBytes.Write16(icmp + IcmpSequence, _echoSequence);
                for (uint i = 0; i < PingPayload; i++) icmp[IcmpHeader + i] = (byte)('a' + i % 23);
                NetBytes.Write16(icmp + IcmpChecksum, InternetChecksum.Compute(icmp, IcmpHeader + PingPayload));
                return Transmit(tx, EthHeader + IpHeader + IcmpHeader + PingPayload);
            }
        }

        /// <summary>The last echo request sent has been answered.</summary>
        public bool EchoAnswered => _echoAnswered;

        internal bool SendUdp(ushort sourcePort, uint ip, ushort port, byte* data, uint length, ulong deadlineMs)
        {
            if (length > MaxUdpPayload || port == 0) return false;
            if (!Resolve(ip, deadlineMs, out ulong mac)) return false;
            uint udpLength = UdpHeader + length;
            fixed (byte* tx = _tx)
            {
                byte* udp = WriteHeaders(tx, mac, ip, ProtocolUdp, udpLength);
                NetBytes.Write16(udp + UdpSourcePort, sourcePort);
                NetBytes.Write16(udp + UdpDestinationPort, port);
                NetBytes.Write16(udp + UdpLength, udpLength);
                NetBytes.Write16(udp + UdpChecksum, 0);
                NetBytes.Copy(udp + UdpHeader, data, length);
                uint sum = InternetChecksum.PseudoHeader(Address, ip, ProtocolUdp, udpLength);
                ushort checksum = InternetChecksum.Finish(InternetChecksum.Add(sum, udp, udpLength));
                // A computed 0 goes out as its other form: 0 on the wire means "no checksum".
                NetBytes.Write16(udp + UdpChecksum, checksum == 0 ? 0xffffu : checksum);
                return Transmit(tx, EthHeader + IpHeader + udpLength);
            }
        }

        /// <summary>Ethernet and IPv4 headers (no options, don't-fragment) into <paramref name="tx"/>; returns where the payload goes.</summary>
        private byte* WriteHeaders(byte* tx, ulong destinationMac, uint destination, byte protocol, uint payloadLength)
        {
            NetBytes.WriteMac(tx + EthDestination, destinationMac);
            NetBytes.WriteMac(tx + EthSource, Mac);
            NetBytes.Write16(tx + EthType, EtherTypeIpv4);
            byte* ip = tx + EthHeader;
            ip[IpVersionIhl] = 0x45;
            ip[1] = 0;
            NetBytes.Write16(ip + IpTotalLength, IpHeader + payloadLength);
            NetBytes.Write16(ip + IpIdentification, _ipIdentification++);
            NetBytes.Write16(ip + IpFlagsFragment, IpDontFragment);
            ip[IpTtl] = DefaultTtl;
            ip[IpProtocol] = protocol;
            NetBytes.Write16(ip + IpChecksum, 0);
            NetBytes.Write32(ip + IpSource, Address);
            NetBytes.Write32(ip + IpDestination, destination);
            NetBytes.Write16(ip + IpChecksum, InternetChecksum.Compute(ip, IpHeader));
            return ip + IpHeader;
        }

        private void SendArp(ushort operation, ulong frameDestination, ulong targetMac, uint targetIp)
        {
            fixed (byte* tx = _tx)
            {
                NetBytes.WriteMac(tx + EthDestination, frameDestination);
                NetBytes.WriteMac(tx + EthSource, Mac);
                NetBytes.Write16(tx + EthType, EtherTypeArp);
                byte* arp = tx + EthHeader;
                NetBytes.Write16(arp + ArpHardwareType, ArpEthernet);
                NetBytes.Write16(arp + ArpProtocolType, EtherTypeIpv4);
                arp[ArpHardwareLength] = 6;
                arp[ArpProtocolLength] = 4;
                NetBytes.Write16(arp + ArpOperation, operation);
                NetBytes.WriteMac(arp + ArpSenderMac, Mac);
                NetBytes.Write32(arp + ArpSenderIp, Address);
                NetBytes.WriteMac(arp + ArpTargetMac, targetMac);
                NetBytes.Write32(arp + ArpTargetIp, targetIp);
                Transmit(tx, EthHeader + ArpPacket);
            }
        }

        private bool Transmit(byte* frame, uint length)
        {
            if (Interface.Transmit(frame, length)) { Counters.FramesSent++; return true; }
            Counters.TransmitFailed++;
            return false;
        }

        // ---- Sockets ------------------------------------------------------------------------

        internal bool Bind(UdpSocket socket, ushort port)
        {
            if (port == 0 || Find(port) is not null) return false;
            for (int i = 0; i < MaxSockets; i++)
            {
                if (_sockets[i] is null) { _sockets[i] = socket; return true; }
            }
            return false;
        }

        /// <summary>A free port for a socket that sends before it was bound.</summary>
        internal ushort EphemeralPort()
        {
            for (int tries = 0; tries < 16384; tries++)
            {
                ushort port = _nextEphemeral;
                _nextEphemeral = _nextEphemeral == 65535 ? FirstEphemeralPort : (ushort)(_nextEphemeral + 1);
                if (Find(port) is null) return port;
            }
            return 0;
        }

        private UdpSocket? Find(ushort port)
        {
            for (int i = 0; i < MaxSockets; i++)
            {
                UdpSocket? s = _sockets[i];
                if (s is not null && s.Port == port) return s;
            }
            return null;
        }
    }
}
