namespace Bulkhead.Guest.Net
{
    /// <summary>
    /// A UDP endpoint on an <see cref="IpStack"/>, like a datagram socket: <see cref="Bind"/> a
    /// port, <see cref="SendTo"/> an address and port, <see cref="TryReceiveFrom"/> or
    /// <see cref="ReceiveFrom"/> (with a timeout) the datagrams that arrived, oldest first.
    /// Arriving datagrams wait in a queue of <see cref="QueueSlots"/> allocated with the socket;
    /// when it is full, new ones are dropped (counted in the stack's UdpQueueFull).
    /// Create sockets at start-up: each holds QueueSlots full-size buffers.
    /// </summary>
    public sealed unsafe class UdpSocket
    {
        public const int QueueSlots = 4;
        private const uint SlotSize = NetLayout.MaxUdpPayload;

        private readonly IpStack _stack;
        private readonly byte[] _data = new byte[QueueSlots * SlotSize];
        private readonly uint[] _sourceIp = new uint[QueueSlots];
        private readonly ushort[] _sourcePort = new ushort[QueueSlots];
        private readonly ushort[] _length = new ushort[QueueSlots];
        private int _head, _count;

        /// <summary>The bound port (0 until bound; sending first binds an ephemeral one).</summary>
        public ushort Port { get; private set; }

        public UdpSocket(IpStack stack) => _stack = stack;

        /// <summary>Datagrams waiting.</summary>
        public int Pending => _count;

        /// <summary>Receives datagrams for <paramref name="port"/>. False when the port is 0 or taken, the socket already bound or the stack has no free socket slot.</summary>
        public bool Bind(ushort port)
        {
            if (Port != 0 || !_stack.Bind(this, port)) return false;
            Port = port;
            return true;
        }

        /// <summary>
        /// Sends <paramref name="length"/> bytes (at most NetLayout.MaxUdpPayload) to
        /// <paramref name="ip"/>:<paramref name="port"/>. May wait up to IpStack.ResolveTimeoutMs
        /// for the neighbour's ARP answer. False when it could not be sent.
        /// </summary>
        public bool SendTo(uint ip, ushort port, byte* data, uint length)
        {
            if (Port == 0)
            {
                ushort ephemeral = _stack.EphemeralPort();
                if (ephemeral == 0 || !Bind(ephemeral)) return false;
            }
            return _stack.SendUdp(Port, ip, port, data, length, _stack.Interface.NowMs + IpStack.ResolveTimeoutMs);
        }

        public bool SendTo(uint ip, ushort port, byte[] data, uint length)
        {
            if (length > (uint)data.Length) return false;
            fixed (byte* p = data) return SendTo(ip, port, p, length);
        }

        /// <summary>
        /// Polls the stack, then takes the oldest datagram: up to <paramref name="capacity"/> bytes
        /// into <paramref name="buffer"/> (a longer one is cut), <paramref name="length"/> its full
        /// length, and who sent it. False when none is waiting.
        /// </summary>
        public bool TryReceiveFrom(byte* buffer, uint capacity, out uint length, out uint ip, out ushort port)
        {
            if (_count == 0) _stack.Poll();
            return Dequeue(buffer, capacity, out length, out ip, out port);
        }

        /// <summary>As <see cref="TryReceiveFrom"/>, waiting (polling, sleeping between frames) up to <paramref name="timeoutMs"/>.</summary>
        public bool ReceiveFrom(byte* buffer, uint capacity, out uint length, out uint ip, out ushort port, ulong timeoutMs)
        {
            ulong deadline = _stack.Interface.NowMs + timeoutMs;
            while (_count == 0)
            {
                if (_stack.Interface.NowMs >= deadline) { length = 0; ip = 0; port = 0; return false; }
                _stack.PollOrWait(deadline);
            }
            return Dequeue(buffer, capacity, out length, out ip, out port);
        }

        public bool ReceiveFrom(byte[] buffer, out uint length, out uint ip, out ushort port, ulong timeoutMs)
        {
            fixed (byte* p = buffer) return ReceiveFrom(p, (uint)buffer.Length, out length, out ip, out port, timeoutMs);
        }

        internal bool Enqueue(uint ip, ushort port, byte* data, uint length)
        {
            if (_count == QueueSlots || length > SlotSize) return false;
            int slot = (_head + _count) % QueueSlots;
            fixed (byte* d = _data) NetBytes.Copy(d + slot * SlotSize, data, length);
            _sourceIp[slot] = ip;
            _sourcePort[slot] = port;
            _length[slot] = (ushort)length;
            _count++;
            return true;
        }

        private bool Dequeue(byte* buffer, uint capacity, out uint length, out uint ip, out ushort port)
        {
            length = 0; ip = 0; port = 0;
            if (_count == 0) return false;
            int slot = _head;
            length = _length[slot];
            ip = _sourceIp[slot];
            port = _sourcePort[slot];
            fixed (byte* d = _data) NetBytes.Copy(buffer, d + slot * SlotSize, length < capacity ? length : capacity);
            _head = (_head + 1) % QueueSlots;
            _count--;
            return true;
        }
    }
}
