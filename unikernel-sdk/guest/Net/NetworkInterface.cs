using Bulkhead.Generated;
using Bulkhead.Guest.Net;

namespace Bulkhead.Guest
{
    /// <summary>
    /// A client's virtual network interface (netfront): Ethernet frames over a duplex link to the
    /// network driver domain, one ring message per frame exactly as on the wire (destination MAC,
    /// source MAC, EtherType, payload; no FCS), at most NetLayout.MaxFrame bytes
    /// (docs/driver-domains.md). Put an <see cref="IpStack"/> on it for ARP, IPv4, ICMP and UDP.
    /// A value type over the link's channels: no allocation. Open it on the vCPU that waits.
    /// </summary>
    public unsafe struct NetworkInterface
    {
        /// <summary>A frame meeting a full ring waits this long for room, then is dropped (a stopped driver costs frames, not a hang).</summary>
        public const ulong TransmitWaitMs = 20;

        private Connection _connection;
        // Direct mode (OpenDirect): frames go through the owner's functions, e.g. to a virtio-net
        // device the domain owns itself, no driver domain (the bench compares the two).
        private delegate*<byte*, uint, bool> _transmit;
        private delegate*<byte*, uint, uint*, bool> _receive;
        private delegate*<ulong, bool> _wait;

        /// <summary>Our MAC address (the 6 bytes big-endian in the low 48 bits).</summary>
        public ulong Mac;

        /// <summary>An interface over <paramref name="connection"/> with MAC <paramref name="mac"/>. False when the rings are too small for a full frame.</summary>
        public static bool Open(Connection connection, ulong mac, out NetworkInterface nic)
        {
            nic = default;
            if (connection.Out.MaxPayload < NetLayout.MaxFrame) return false;
            nic._connection = connection;
            nic.Mac = mac;
            return true;
        }

        /// <summary>
        /// An interface on the caller's own frame functions (send one frame; receive one into a
        /// buffer, its length out; wait up to N ms for a frame, 0 = only look): the same stack on a
        /// device the domain owns, without a driver domain (bench/netbench drives virtio-net so).
        /// </summary>
        public static bool OpenDirect(ulong mac, delegate*<byte*, uint, bool> transmit, delegate*<byte*, uint, uint*, bool> receive, delegate*<ulong, bool> wait, out NetworkInterface nic)
        {
            nic = default;
            if (transmit == null || receive == null || wait == null) return false;
            nic._transmit = transmit;
            nic._receive = receive;
            nic._wait = wait;
            nic.Mac = mac;
            return true;
        }

        /// <summary>An interface over link <paramref name="link"/> (system.yaml `links:`, 0-based).</summary>
        public static bool Open(int link, ulong mac, out NetworkInterface nic)
        {
            nic = default;
            return Connection.Open(link, out Connection connection) && Open(connection, mac, out nic);
        }

        /// <summary>
        /// This domain's interface as system.yaml `network: clients:` declares it: the generated link
        /// net.&lt;domain&gt; to the driver domain and the MAC (GuestConfig.NetworkLink, MacAddress).
        /// False when the domain is not a network client.
        /// </summary>
        public static bool OpenFromPlan(out NetworkInterface nic)
        {
            nic = default;
            return GuestConfig.NetworkLink >= 0 && Open(GuestConfig.NetworkLink, GuestConfig.MacAddress, out nic);
        }

        /// <summary>Sends one frame; when the ring stays full for <see cref="TransmitWaitMs"/> (or is broken) the frame is dropped and this returns false.</summary>
        public bool Transmit(byte* frame, uint length)
        {
            if (length == 0 || length > NetLayout.MaxFrame) return false;   // an empty message is the end mark (Close)
            return Send(frame, length);
        }

        /// <summary>
        /// Tells the driver domain "no more from me" (an empty message; docs/driver-domains.md): it
        /// powers off once every client has. Frames sent later reopen the interface. False when the
        /// ring stayed full for <see cref="TransmitWaitMs"/>.
        /// </summary>
        public bool Close()
        {
            if (_transmit != null) return true;
            byte none = 0;
            return Send(&none, 0);
        }

        private bool Send(byte* frame, uint length)
        {
            if (_transmit != null) return SendDirect(frame, length);
            if (_connection.Out.TrySend(frame, length)) return true;
            ulong deadline = Time.Milliseconds + TransmitWaitMs;
            while (!_connection.Out.Broken && Time.Milliseconds < deadline)
            {
                _connection.Out.Flush();   // the reader may be asleep behind a refused doorbell
                if (_connection.Out.TrySend(frame, length)) return true;
            }
            return false;
        }

        private bool SendDirect(byte* frame, uint length)
        {
            ulong deadline = Time.Milliseconds + TransmitWaitMs;
            while (true)
            {
                if (_transmit(frame, length)) return true;
                if (Time.Milliseconds >= deadline) return false;
            }
        }

        /// <summary>Copies the oldest received frame (cut to <paramref name="capacity"/>; <paramref name="length"/> is its full length).</summary>
        public bool TryReceive(byte* buffer, uint capacity, out uint length)
        {
            if (_receive == null) return _connection.In.TryReceive(buffer, capacity, out length);
            uint got = 0;
            bool ok = _receive(buffer, capacity, &got);
            length = got;
            return ok;
        }

        /// <summary>Sleeps until a frame is waiting or <paramref name="timeoutMs"/> passed.</summary>
        public bool WaitForFrame(ulong timeoutMs) => _wait != null ? _wait(timeoutMs) : _connection.In.WaitForMessage(timeoutMs);

        /// <summary>The clock the stack uses for timeouts and ARP expiry.</summary>
        public ulong NowMs => Time.Milliseconds;

        /// <summary>A ring of the link held something the protocol never writes: the interface is dead.</summary>
        public bool Broken => _transmit == null && (_connection.In.Broken || _connection.Out.Broken);

        /// <summary>Frames sent / received so far (the rings' sequence numbers).</summary>
        public uint FramesSent => _transmit != null ? 0 : _connection.Out.NextSequence;
        public uint FramesReceived => _transmit != null ? 0 : _connection.In.ExpectedSequence;
    }
}
