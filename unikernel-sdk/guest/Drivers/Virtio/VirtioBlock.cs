using Bulkhead.Guest;
namespace Bulkhead.Drivers.Virtio
{
    /// <summary>
    /// virtio-blk (device id 2, section 5.2): reads and writes 512-byte sectors, one request at a
    /// time, straight from and into the caller's buffer (guest addresses are physical: identity map).
    /// </summary>
    public unsafe struct VirtioBlock
    {
        public const uint SectorSize = 512;
        private const uint QueueSize = 8;
        private const uint RequestIn = 0;   // read
        private const uint RequestOut = 1;  // write
        private const byte StatusOk = 0;
        /// <summary>Feature bit 5: the device is read-only.</summary>
        public const int FeatureReadOnly = 5;

        private struct RequestHeader
        {
            public uint Type;
            public uint Reserved;
            public ulong Sector;
        }

        public VirtioTransport Transport;
        /// <summary>Capacity in 512-byte sectors (configuration offset 0).</summary>
        public ulong Capacity;
        public bool ReadOnly;
        /// <summary>
        /// How long a request may take (ms) before it fails and the device is given up (<see cref="Broken"/>).
        /// 0 (the default): wait for the device, however long. Under QEMU -icount sleep=off virtual
        /// time runs ahead while the host does the I/O, so a virtual-time limit there fails good requests.
        /// </summary>
        public ulong TimeoutMs;
        /// <summary>A request timed out: its buffers may still be the device's, so no more are made.</summary>
        public bool Broken;
        private Virtqueue _queue;
        private RequestHeader* _header;
        private byte* _status;

        /// <summary>
        /// Initializes the block device at <paramref name="deviceBase"/> with interrupt <paramref name="intId"/>.
        /// False when it is no virtio-blk device or refuses the set-up.
        /// </summary>
        public static bool Open(ulong deviceBase, uint intId, out VirtioBlock block)
        {
            block = default;
            if (!VirtioTransport.Probe(deviceBase, out block.Transport) || block.Transport.DeviceId != VirtioMmio.DeviceIdBlock) return false;
            if (!block.Transport.Initialize(1UL << FeatureReadOnly)) return false;
            block._queue = Virtqueue.Allocate(QueueSize);
            if (!block.Transport.SetUpQueue(0, ref block._queue)) return false;
            block._header = (RequestHeader*)Memory.AllocateZeroed((uint)sizeof(RequestHeader));
            block._status = (byte*)Memory.AllocateZeroed(16);
            block.Capacity = block.Transport.ReadConfig64(0);
            block.ReadOnly = block.Transport.HasFeature(FeatureReadOnly);
            VirtioInterrupts.Attach(intId, deviceBase);
            block.Transport.Start();
            return true;
        }

        public bool Read(ulong sector, byte* buffer, uint sectors) => Transfer(RequestIn, sector, buffer, sectors);

        public bool Write(ulong sector, byte* buffer, uint sectors) => !ReadOnly && Transfer(RequestOut, sector, buffer, sectors);

        /// <summary>Header (device reads), data (device reads or writes), status byte (device writes): one chain.</summary>
        private bool Transfer(uint type, ulong sector, byte* buffer, uint sectors)
        {
            if (Broken || sectors == 0 || sector >= Capacity || sectors > Capacity - sector) return false;
            _header->Type = type;
            _header->Reserved = 0;
            _header->Sector = sector;
            *_status = 0xFF;
            if (!_queue.TryTakeDescriptor(out ushort head) || !_queue.TryTakeDescriptor(out ushort data) || !_queue.TryTakeDescriptor(out ushort status))
                return false;
            _queue.SetDescriptor(head, (ulong)_header, (uint)sizeof(RequestHeader), VirtqDescriptor.FlagNext, data);
            ushort dataFlags = (ushort)(VirtqDescriptor.FlagNext | (type == RequestIn ? VirtqDescriptor.FlagWrite : 0));
            _queue.SetDescriptor(data, (ulong)buffer, sectors * SectorSize, dataFlags, status);
            _queue.SetDescriptor(status, (ulong)_status, 1, VirtqDescriptor.FlagWrite, 0);
            _queue.Publish(head);
            _queue.Notify();
            ulong deadline = TimeoutMs == 0 ? 0 : Time.Ticks + TimeoutMs * (Time.Frequency / 1000);
            if (!VirtioInterrupts.WaitUntil(ref _queue, deadline))
            {
                Broken = true;
                return false;
            }
            // One request at a time: the finished chain is ours, whatever id the device reports.
            _queue.TryTakeUsed(out _);
            _queue.ReleaseChain(head);
            return System.Threading.Volatile.Read(ref *_status) == StatusOk;
        }
    }
}
