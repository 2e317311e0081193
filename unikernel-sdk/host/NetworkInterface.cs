using Bulkhead.Generated;
using Bulkhead.Guest.Net;
using Bulkhead.Host;

namespace Bulkhead.Guest
{
    /// <summary>
    /// Host mode's virtual network interface (docs/host-mode.md): the guest's API. Over a
    /// <see cref="Connection"/> (a system's link, a test's TestDomain.Link or InMemoryLink) it is the
    /// guest's netfront, one ring message per frame. <see cref="OpenFromPlan"/> in a domain that
    /// system.yaml makes a `network:` client gives a UDP socket on 127.0.0.1 instead, whose datagrams
    /// are the frames, to and from the bridge `bulkhead run --host` runs in place of the driver domain.
    /// </summary>
    public unsafe struct NetworkInterface
    {
        /// <summary>A frame meeting a full ring waits this long for room, then is dropped (a stopped driver costs frames, not a hang).</summary>
        public const ulong TransmitWaitMs = 20;

        private Connection _connection;
        // 0: over _connection; otherwise a HostNetwork socket.
        private int _socket;

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

        /// <summary>An interface over link <paramref name="link"/> (system.yaml `links:`, 0-based).</summary>
        public static bool Open(int link, ulong mac, out NetworkInterface nic)
        {
            nic = default;
            return Connection.Open(link, out Connection connection) && Open(connection, mac, out nic);
        }

        /// <summary>
        /// This domain's interface as system.yaml `network: clients:` declares it: on the host a UDP
        /// socket to the run's bridge, with the MAC of GuestConfig.MacAddress. False when the domain is
        /// not a network client (or runs outside `bulkhead run --host`).
        /// </summary>
        public static bool OpenFromPlan(out NetworkInterface nic)
        {
            nic = default;
            if (!HostNetwork.Configured) return false;
            nic._socket = HostNetwork.Open(GuestConfig.MacAddress);
            nic.Mac = GuestConfig.MacAddress;
            return true;
        }

        /// <summary>Sends one frame; when the ring stays full for <see cref="TransmitWaitMs"/> (or is broken) the frame is dropped and this returns false.</summary>
        public bool Transmit(byte* frame, uint length)
        {
            if (length > NetLayout.MaxFrame) return false;
            if (_socket != 0) return HostNetwork.Send(_socket, frame, length);
            if (_connection.Out.TrySend(frame, length)) return true;
            ulong deadline = Time.Milliseconds + TransmitWaitMs;
            while (!_connection.Out.Broken && Time.Milliseconds < deadline)
            {
                _connection.Out.Flush();
                if (_connection.Out.TrySend(frame, length)) return true;
            }
            return false;
        }

        /// <summary>
        /// "No more from me" (the guest's end mark for the driver domain, docs/driver-domains.md). On
        /// the host's UDP bridge nobody powers off on it, so there it only returns true; over a raw
        /// link it sends the same empty message as the guest.
        /// </summary>
        public bool Close()
        {
            if (_socket != 0) return true;
            byte none = 0;
            return _connection.Out.TrySend(&none, 0);
        }

        /// <summary>The guest's interface on a device the domain owns itself: the host owns no devices, so never.</summary>
        public static bool OpenDirect(ulong mac, delegate*<byte*, uint, bool> transmit, delegate*<byte*, uint, uint*, bool> receive, delegate*<ulong, bool> wait, out NetworkInterface nic)
        {
            nic = default;
            return false;
        }

        /// <summary>Copies the oldest received frame (cut to <paramref name="capacity"/>; <paramref name="length"/> is its full length).</summary>
        public bool TryReceive(byte* buffer, uint capacity, out uint length) =>
            _socket != 0 ? HostNetwork.TryReceive(_socket, buffer, capacity, out length) : _connection.In.TryReceive(buffer, capacity, out length);

        /// <summary>Sleeps until a frame is waiting or <paramref name="timeoutMs"/> passed.</summary>
        public bool WaitForFrame(ulong timeoutMs) =>
            _socket != 0 ? HostNetwork.WaitForFrame(_socket, timeoutMs) : _connection.In.WaitForMessage(timeoutMs);

        /// <summary>The clock the stack uses for timeouts and ARP expiry.</summary>
        public ulong NowMs => Time.Milliseconds;

        /// <summary>A ring of the link held something the protocol never writes: the interface is dead.</summary>
        public bool Broken => _socket == 0 && (_connection.In.Broken || _connection.Out.Broken);

        /// <summary>Frames sent / received so far (the rings' sequence numbers).</summary>
        public uint FramesSent => _socket != 0 ? HostNetwork.Sent(_socket) : _connection.Out.NextSequence;
        public uint FramesReceived => _socket != 0 ? HostNetwork.Received(_socket) : _connection.In.ExpectedSequence;
    }
}
