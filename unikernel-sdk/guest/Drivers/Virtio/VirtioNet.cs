using Bulkhead.Guest;
namespace Bulkhead.Drivers.Virtio
{
    /// <summary>
    /// virtio-net (device id 1, section 5.1): Ethernet frames in and out, exactly as on the wire
    /// (destination, source, EtherType, payload; no FCS). The virtio_net_hdr each buffer starts with
    /// stays inside the driver: 10 bytes on a legacy device, 12 on a modern one (num_buffers is
    /// always there with VERSION_1). No offloads are negotiated, so the header is all zero on send.
    /// Receive buffers are posted once and re-posted after each frame; send buffers are reclaimed
    /// from the used ring on the next send. Queue 0 receives, queue 1 sends.
    /// </summary>
    public unsafe struct VirtioNet
    {
        /// <summary>Feature bit 5: the configuration space holds the MAC address.</summary>
        public const int FeatureMac = 5;
        /// <summary>Largest frame (14-byte Ethernet header + 1500 bytes payload).</summary>
        public const uint MaxFrame = 1514;
        private const uint QueueSize = 32;
        private const uint BufferSize = 2048;
        private const uint ReceiveQueue = 0;
        private const uint TransmitQueue = 1;

        public VirtioTransport Transport;
        /// <summary>The 6 bytes of the device's MAC address, big-endian in the low 48 bits.</summary>
        public ulong Mac;
        public uint HeaderLength;
        public ulong FramesSent, FramesReceived, SendsRefused;

        private Virtqueue _rx, _tx;
        private byte* _rxBuffers, _txBuffers;
        private bool _peeked;
        private VirtqUsedElement _current;

        /// <summary>
        /// Initializes the NIC at <paramref name="deviceBase"/> with interrupt <paramref name="intId"/>
        /// and posts all receive buffers. False when it is no virtio-net device or refuses the set-up.
        /// </summary>
        public static bool Open(ulong deviceBase, uint intId, out VirtioNet net)
        {
            net = default;
            if (!VirtioTransport.Probe(deviceBase, out net.Transport) || net.Transport.DeviceId != VirtioMmio.DeviceIdNet) return false;
            if (!net.Transport.Initialize(1UL << FeatureMac)) return false;
            net.HeaderLength = net.Transport.IsLegacy ? 10u : 12u;
            net._rx = Virtqueue.Allocate(QueueSize);
            net._tx = Virtqueue.Allocate(QueueSize);
            if (!net.Transport.SetUpQueue(ReceiveQueue, ref net._rx) || !net.Transport.SetUpQueue(TransmitQueue, ref net._tx)) return false;
            net._rxBuffers = (byte*)Memory.AllocateZeroed(QueueSize * BufferSize);
            net._txBuffers = (byte*)Memory.AllocateZeroed(QueueSize * BufferSize);
            if (net.Transport.HasFeature(FeatureMac))
                for (uint i = 0; i < 6; i++) net.Mac = (net.Mac << 8) | net.Transport.ReadConfig8(i);
            // Receive buffers: descriptor i is always buffer i.
            for (uint i = 0; i < QueueSize; i++)
            {
                net._rx.TryTakeDescriptor(out ushort id);
                net._rx.SetDescriptor(id, (ulong)(net._rxBuffers + (ulong)id * BufferSize), BufferSize, VirtqDescriptor.FlagWrite, 0);
                net._rx.Publish(id);
            }
            VirtioInterrupts.Attach(intId, deviceBase);
            net.Transport.Start();
            net._rx.Notify();
            return true;
        }

        /// <summary>A received frame is waiting.</summary>
        public bool HasFrame => _peeked || _rx.HasUsed;

        /// <summary>
        /// Sends one frame (copied; the caller's buffer is free on return). False when it is not
        /// 14..1514 bytes or every send buffer is still with the device.
        /// </summary>
        public bool TrySend(byte* frame, uint length)
        {
            if (length < 14 || length > MaxFrame) return false;
            while (_tx.TryTakeUsed(out VirtqUsedElement done)) _tx.ReleaseChain(done.Id);
            if (!_tx.TryTakeDescriptor(out ushort id))
            {
                SendsRefused++;
                return false;
            }
            byte* buffer = _txBuffers + (ulong)id * BufferSize;
            for (uint i = 0; i < HeaderLength; i++) buffer[i] = 0;
            for (uint i = 0; i < length; i++) buffer[HeaderLength + i] = frame[i];
            _tx.SetDescriptor(id, (ulong)buffer, HeaderLength + length, 0, 0);
            _tx.Publish(id);
            _tx.Notify();
            FramesSent++;
            return true;
        }

        /// <summary>
        /// Zero-copy: the oldest received frame, in the driver's buffer. It stays valid until
        /// <see cref="Release"/>. False when none is waiting.
        /// </summary>
        public bool TryPeek(out byte* frame, out uint length)
        {
            frame = null;
            length = 0;
            while (!_peeked)
            {
                if (!_rx.TryTakeUsed(out _current)) return false;
                if (_current.Id >= QueueSize) continue;   // an id the device made up: not ours to re-post
                if (_current.Length > HeaderLength) { _peeked = true; break; }
                Repost((ushort)_current.Id);   // runt: nothing but a header
            }
            frame = _rxBuffers + (ulong)_current.Id * BufferSize + HeaderLength;
            length = _current.Length - HeaderLength;
            if (length > BufferSize - HeaderLength) length = BufferSize - HeaderLength;
            return true;
        }

        /// <summary>Gives the peeked frame's buffer back to the device.</summary>
        public void Release()
        {
            if (!_peeked) return;
            _peeked = false;
            FramesReceived++;
            Repost((ushort)_current.Id);
        }

        /// <summary>Copies the oldest frame into <paramref name="buffer"/>. False when none is waiting or it does not fit (it is dropped).</summary>
        public bool TryReceive(byte* buffer, uint capacity, out uint length)
        {
            if (!TryPeek(out byte* frame, out length)) return false;
            bool fits = length <= capacity;
            if (fits) for (uint i = 0; i < length; i++) buffer[i] = frame[i];
            Release();
            return fits;
        }

        /// <summary>Sleeps until a frame arrives or <paramref name="timeoutMs"/> passes (0 = forever). False on timeout.</summary>
        public bool WaitForFrame(ulong timeoutMs)
        {
            if (_peeked) return true;
            ulong deadline = timeoutMs == 0 ? 0 : Time.Ticks + timeoutMs * (Time.Frequency / 1000) + 1;
            return VirtioInterrupts.WaitUntil(ref _rx, deadline);
        }

        private void Repost(ushort id)
        {
            _rx.SetDescriptor(id, (ulong)(_rxBuffers + (ulong)id * BufferSize), BufferSize, VirtqDescriptor.FlagWrite, 0);
            _rx.Publish(id);
            _rx.Notify();
        }
    }
}
