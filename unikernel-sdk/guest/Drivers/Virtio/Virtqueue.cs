using Bulkhead.Guest;
using Bulkhead.Guest.Platform;
using Bulkhead.Runtime;

namespace Bulkhead.Drivers.Virtio
{
    /// <summary>One descriptor of a split virtqueue (16 bytes, little-endian, section 2.7.5).</summary>
    public struct VirtqDescriptor
    {
        public ulong Address;
        public uint Length;
        public ushort Flags;
        public ushort Next;

        /// <summary>The chain continues in <see cref="Next"/>.</summary>
        public const ushort FlagNext = 1;
        /// <summary>The device writes this buffer (else it reads it).</summary>
        public const ushort FlagWrite = 2;
    }

    /// <summary>One entry of the used ring: the head descriptor of a finished chain and how many bytes the device wrote.</summary>
    public struct VirtqUsedElement
    {
        public uint Id;
        public uint Length;
    }

    /// <summary>
    /// A split virtqueue (section 2.7): descriptor table, driver ("avail") ring and device ("used")
    /// ring in one page-aligned block laid out as the legacy transport demands (used ring on the
    /// next page boundary), which suits the modern transport too. Allocated once at start-up.
    /// Free descriptors are kept on a stack. Single producer, single consumer: one vCPU drives it.
    /// </summary>
    public unsafe struct Virtqueue
    {
        public uint Index;
        public uint Size;
        public VirtqDescriptor* Descriptors;
        /// <summary>flags (u16), idx (u16), ring[Size] (u16).</summary>
        public ushort* Avail;
        /// <summary>flags (u16), idx (u16), ring[Size] (<see cref="VirtqUsedElement"/>).</summary>
        public ushort* Used;
        public ulong NotifyRegister;

        private ushort* _free;
        private uint _freeCount;
        private ushort _availIndex;
        private ushort _usedSeen;

        /// <summary>Memory for a queue of <paramref name="size"/> entries (a power of two, at most 32768).</summary>
        public static Virtqueue Allocate(uint size)
        {
            Virtqueue q = default;
            q.Size = size;
            ulong page = VirtioMmio.LegacyPageSize;
            ulong driverPart = 16UL * size + 6 + 2UL * size;
            ulong usedOffset = (driverPart + page - 1) & ~(page - 1);
            ulong total = usedOffset + ((6 + 8UL * size + page - 1) & ~(page - 1));
            byte* block = (byte*)Heap.AllocateAligned(total, page);
            q.Descriptors = (VirtqDescriptor*)block;
            q.Avail = (ushort*)(block + 16UL * size);
            q.Used = (ushort*)(block + usedOffset);
            q._free = (ushort*)Memory.AllocateZeroed(2 * size);
            for (uint i = 0; i < size; i++) q._free[i] = (ushort)(size - 1 - i);
            q._freeCount = size;
            return q;
        }

        public uint FreeDescriptors => _freeCount;

        /// <summary>Takes a free descriptor; false when all are in flight.</summary>
        public bool TryTakeDescriptor(out ushort id)
        {
            id = 0;
            if (_freeCount == 0) return false;
            id = _free[--_freeCount];
            return true;
        }

        /// <summary>
        /// Returns a descriptor (and, through <see cref="VirtqDescriptor.FlagNext"/>, its chain) to
        /// the free stack. An id the device made up (out of range, or a chain longer than the
        /// queue) is ignored rather than trusted.
        /// </summary>
        public void ReleaseChain(uint head)
        {
            uint id = head;
            for (uint steps = 0; id < Size && steps < Size && _freeCount < Size; steps++)
            {
                VirtqDescriptor* d = Descriptors + id;
                _free[_freeCount++] = (ushort)id;
                if ((d->Flags & VirtqDescriptor.FlagNext) == 0) break;
                id = d->Next;
            }
        }

        public void SetDescriptor(ushort id, ulong address, uint length, ushort flags, ushort next)
        {
            VirtqDescriptor* d = Descriptors + id;
            d->Address = address;
            d->Length = length;
            d->Flags = flags;
            d->Next = next;
        }

        /// <summary>
        /// Offers the chain starting at <paramref name="head"/> to the device: its ring slot first,
        /// then (after a barrier, so the device never sees the index before the descriptors and
        /// the slot) the new avail index. Call <see cref="Notify"/> after one or more.
        /// </summary>
        public void Publish(ushort head)
        {
            Avail[2 + (_availIndex & (Size - 1))] = head;
            _availIndex++;
            Cpu.DeviceBarrier();
            // flags (0: interrupts wanted) and idx are one aligned 32-bit word: one store publishes idx.
            System.Threading.Volatile.Write(ref *(uint*)Avail, (uint)_availIndex << 16);
        }

        /// <summary>Tells the device the queue has new buffers (after the avail index is visible).</summary>
        public void Notify()
        {
            Cpu.DeviceBarrier();
            Device.Write32(NotifyRegister, Index);
        }

        /// <summary>The device finished a chain the driver has not taken yet.</summary>
        public bool HasUsed => UsedIndex != _usedSeen;

        /// <summary>The device's used idx (the high half of the ring's first 32-bit word).</summary>
        private ushort UsedIndex => (ushort)(System.Threading.Volatile.Read(ref *(uint*)Used) >> 16);

        /// <summary>
        /// The next finished chain: head descriptor and bytes written. The descriptors stay taken
        /// (re-publish them or <see cref="ReleaseChain"/>). False when none is finished.
        /// </summary>
        public bool TryTakeUsed(out VirtqUsedElement element)
        {
            element = default;
            if (UsedIndex == _usedSeen) return false;
            // The entry is read only after the index that covers it.
            Cpu.DeviceBarrier();
            VirtqUsedElement* ring = (VirtqUsedElement*)(Used + 2);
            element = ring[_usedSeen & (Size - 1)];
            _usedSeen++;
            return true;
        }
    }
}
