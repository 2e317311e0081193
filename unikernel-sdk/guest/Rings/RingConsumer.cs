namespace Bulkhead.Guest
{
    /// <summary>One message in the ring, valid until <see cref="RingConsumer.Release"/>.</summary>
    public unsafe struct RingMessage
    {
        public byte* Data;
        public uint Length;
        public uint Sequence;
    }

    /// <summary>
    /// The reading end of a single-producer/single-consumer ring, on raw pointers (guests and host
    /// tests). Nothing read from shared memory is trusted: every header is copied once and checked
    /// against what the writer can have published; a bad one marks the ring <see cref="Broken"/>.
    /// </summary>
    public unsafe struct RingConsumer
    {
        private byte* _producerLine;
        private byte* _consumerLine;
        private byte* _data;
        private ulong _capacity;
        private ulong _read;          // our copy of Read: we are its only writer
        private ulong _peeked;        // record bytes of the message handed out by TryPeek, 0 when none
        private uint _expected;       // sequence number the next message must carry
        private bool _resync;         // reopened a live ring: the next message sets _expected

        /// <summary>True once the ring held something no writer of this protocol writes (bad index, length or sequence).</summary>
        public bool Broken;

        public ulong Capacity => _capacity;

        /// <summary>
        /// A consumer over the writer's <paramref name="producerLine"/> (read-only to us), our
        /// <paramref name="consumerLine"/> and <paramref name="capacity"/> data bytes. Picks up the
        /// released index, so a reader reopening a live ring continues where it left.
        /// </summary>
        public static RingConsumer Create(byte* producerLine, byte* consumerLine, byte* data, ulong capacity)
        {
            RingConsumer c = default;
            c._producerLine = producerLine;
            c._consumerLine = consumerLine;
            c._data = data;
            c._capacity = capacity & ~(ulong)(RingLayout.RecordAlign - 1);
            c._read = System.Threading.Volatile.Read(ref *(ulong*)(consumerLine + RingLayout.ReadField));
            c._resync = c._read != 0;
            return c;
        }

        /// <summary>Bytes published and not yet released (acquire: what they cover is visible).</summary>
        public ulong Available => WrittenIndex() - _read;

        /// <summary>Sequence number the next message must carry.</summary>
        public uint ExpectedSequence => _expected;

        /// <summary>
        /// The oldest message, in place (zero-copy); false when the ring is empty or broken. Call
        /// <see cref="Release"/> when done with it; peeking again before that returns the same message.
        /// </summary>
        public bool TryPeek(out RingMessage message)
        {
            message = default;
            if (Broken) return false;
            while (true)
            {
                ulong available = WrittenIndex() - _read;
                if (available == 0) return false;
                if (available > _capacity) { Broken = true; return false; }
                ulong position = _read % _capacity;
                ulong header = *(ulong*)(_data + position);   // copied once: the writer could change it
                uint length = (uint)header;
                if (length == RingLayout.WrapMarker)
                {
                    ulong skip = _capacity - position;
                    if (skip > available) { Broken = true; return false; }
                    _read += skip;
                    System.Threading.Volatile.Write(ref *(ulong*)(_consumerLine + RingLayout.ReadField), _read);
                    continue;
                }
                ulong record = RingLayout.RecordSize(length);
                uint sequence = (uint)(header >> 32);
                if (_resync) { _expected = sequence; _resync = false; }
                if (length > RingLayout.MaxPayload(_capacity) || record > available || record > _capacity - position || sequence != _expected)
                {
                    Broken = true;
                    return false;
                }
                message.Data = _data + position + RingLayout.HeaderSize;
                message.Length = length;
                message.Sequence = sequence;
                _peeked = record;
                return true;
            }
        }

        /// <summary>Hands the peeked message's space back to the writer (release: we are done reading it).</summary>
        public void Release()
        {
            if (_peeked == 0) return;
            _read += _peeked;
            _peeked = 0;
            _expected++;
            System.Threading.Volatile.Write(ref *(ulong*)(_consumerLine + RingLayout.ReadField), _read);
        }

        /// <summary>
        /// Copies the oldest message into <paramref name="destination"/> (up to <paramref name="capacity"/>
        /// bytes; a longer message is cut) and releases it. <paramref name="length"/> is the message's full length.
        /// </summary>
        public bool TryRead(byte* destination, uint capacity, out uint length, out uint sequence)
        {
            length = 0;
            sequence = 0;
            if (!TryPeek(out RingMessage m)) return false;
            RingBytes.Copy(destination, m.Data, m.Length < capacity ? m.Length : capacity);
            length = m.Length;
            sequence = m.Sequence;
            Release();
            return true;
        }

        /// <summary>
        /// Before sleeping: sets ReaderWaiting, then (full barrier) looks again. True: nothing arrived,
        /// sleep — any message published from now on sees the flag and rings the doorbell. False: a
        /// message came in meanwhile; the flag is cleared again and the caller must not sleep.
        /// </summary>
        public bool PrepareToWait()
        {
            System.Threading.Volatile.Write(ref *(uint*)(_consumerLine + RingLayout.ReaderWaitingField), 1);
            RingFence.Full();
            if (WrittenIndex() != _read || Broken) { DoneWaiting(); return false; }
            return true;
        }

        /// <summary>After waking: the writer need not ring any more.</summary>
        public void DoneWaiting() => System.Threading.Volatile.Write(ref *(uint*)(_consumerLine + RingLayout.ReaderWaitingField), 0);

        private ulong WrittenIndex() => System.Threading.Volatile.Read(ref *(ulong*)(_producerLine + RingLayout.WrittenField));
    }
}
