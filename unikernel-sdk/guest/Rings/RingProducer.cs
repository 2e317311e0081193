namespace Bulkhead.Guest
{
    /// <summary>
    /// The writing end of a single-producer/single-consumer ring, on raw pointers: no hypercalls, so
    /// the same code runs in guests and in host unit tests. Zero-copy: <see cref="TryReserve"/> hands
    /// out contiguous space in the data area (a record never wraps: a wrap marker pads the tail),
    /// <see cref="Commit"/> writes the header and publishes with a release store.
    /// </summary>
    public unsafe struct RingProducer
    {
        private byte* _producerLine;
        private byte* _consumerLine;
        private byte* _data;
        private ulong _capacity;
        private ulong _written;      // our copy of Written: we are its only writer
        private uint _sequence;      // sequence number of the next message
        private ulong _reservedAt;   // data offset of the reserved record's header
        private ulong _skip;         // padding (wrap) before the reserved record
        private uint _reservedLength;
        private bool _reserved;

        /// <summary>True once the reader's index made no sense (more released than written): the ring is unusable.</summary>
        public bool Broken;

        public ulong Capacity => _capacity;
        public uint MaxPayload => RingLayout.MaxPayload(_capacity);
        /// <summary>Sequence number the next committed message gets (the first is 0).</summary>
        public uint NextSequence => _sequence;

        /// <summary>
        /// A producer over <paramref name="producerLine"/> (cache line we write), <paramref name="consumerLine"/>
        /// (the reader's line, read-only to us) and <paramref name="capacity"/> data bytes (multiple of 8).
        /// Picks up the published index, so a writer reopening a live ring continues where it left.
        /// </summary>
        public static RingProducer Create(byte* producerLine, byte* consumerLine, byte* data, ulong capacity)
        {
            RingProducer p = default;
            p._producerLine = producerLine;
            p._consumerLine = consumerLine;
            p._data = data;
            p._capacity = capacity & ~(ulong)(RingLayout.RecordAlign - 1);
            p._written = System.Threading.Volatile.Read(ref *(ulong*)(producerLine + RingLayout.WrittenField));
            p._sequence = System.Threading.Volatile.Read(ref *(uint*)(producerLine + RingLayout.NextSequenceField));
            return p;
        }

        /// <summary>Bytes the reader has not yet released.</summary>
        public ulong Used => _written - ReadIndex();

        /// <summary>
        /// Reserves room for a message of <paramref name="length"/> bytes and points
        /// <paramref name="payload"/> at it (contiguous, 8-byte aligned). False when the ring is full
        /// (back-pressure: try again after the reader released), the message is larger than
        /// <see cref="MaxPayload"/>, a reservation is already open, or the ring is broken.
        /// </summary>
        public bool TryReserve(uint length, out byte* payload)
        {
            payload = null;
            if (_reserved || Broken || length > MaxPayload) return false;
            ulong used = _written - ReadIndex();
            if (used > _capacity) { Broken = true; return false; }
            ulong record = RingLayout.RecordSize(length);
            ulong position = _written % _capacity;
            ulong toEnd = _capacity - position;
            ulong skip = record <= toEnd ? 0 : toEnd;
            if (_capacity - used < skip + record) return false;
            _reservedAt = (position + skip) % _capacity;
            _skip = skip;
            _reservedLength = length;
            _reserved = true;
            payload = _data + _reservedAt + RingLayout.HeaderSize;
            return true;
        }

        /// <summary>
        /// Publishes the reserved message (release: its bytes are visible before the new index) with
        /// <paramref name="length"/> bytes (at most the reserved length). Returns true when the reader
        /// said it waits: the caller rings the doorbell. The full barrier between publishing and
        /// reading the flag pairs with the reader's between setting it and re-checking (no lost wake-up).
        /// </summary>
        public bool Commit(uint length)
        {
            if (!_reserved) return false;
            if (length > _reservedLength) length = _reservedLength;
            if (_skip != 0) *(ulong*)(_data + (_written % _capacity)) = RingLayout.WrapMarker;
            *(ulong*)(_data + _reservedAt) = length | ((ulong)_sequence << 32);
            _written += _skip + RingLayout.RecordSize(length);
            _sequence++;
            _reserved = false;
            *(uint*)(_producerLine + RingLayout.NextSequenceField) = _sequence;
            System.Threading.Volatile.Write(ref *(ulong*)(_producerLine + RingLayout.WrittenField), _written);
            RingFence.Full();
            return ReaderWaiting;
        }

        /// <summary>Commits the whole reserved length.</summary>
        public bool Commit() => Commit(_reservedLength);

        /// <summary>Drops an open reservation (nothing is published).</summary>
        public void Cancel() => _reserved = false;

        /// <summary>Copies <paramref name="length"/> bytes in as one message. False when it does not fit now (see <see cref="TryReserve"/>).</summary>
        public bool TryWrite(byte* source, uint length, out bool readerWaiting)
        {
            readerWaiting = false;
            if (!TryReserve(length, out byte* payload)) return false;
            RingBytes.Copy(payload, source, length);
            readerWaiting = Commit(length);
            return true;
        }

        /// <summary>The reader announced it sleeps until a message arrives (it set the flag on its cache line).</summary>
        public bool ReaderWaiting => System.Threading.Volatile.Read(ref *(uint*)(_consumerLine + RingLayout.ReaderWaitingField)) != 0;

        private ulong ReadIndex() => System.Threading.Volatile.Read(ref *(ulong*)(_consumerLine + RingLayout.ReadField));
    }
}
