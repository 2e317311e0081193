namespace Bulkhead.Guest
{
    /// <summary>
    /// Sends messages into a ring on a channel this domain writes (docs/channels.md). Messages keep
    /// their boundaries and order and carry a sequence number; when the ring is full TrySend
    /// returns false and Send waits. The doorbell rings only when the reader said it sleeps.
    /// No allocation: a value type over the channel's memory.
    /// </summary>
    public unsafe struct MessageRingWriter
    {
        private RingProducer _ring;
        private Channel _data;

        /// <summary>Doorbell rings the hypervisor delivered, and those it refused (over `doorbell_limit`).</summary>
        public uint DoorbellsRung, DoorbellsRefused;

        /// <summary>
        /// The writer of the ring on <paramref name="data"/> (a channel this domain writes), whose
        /// reader keeps its consumer line in <paramref name="control"/>: the channel flowing back
        /// (a duplex link) or <paramref name="data"/> itself when it is `kind: shared`.
        /// </summary>
        public static bool Open(Channel data, Channel control, out MessageRingWriter writer)
        {
            writer = default;
            if (!data.IsWriter || data.Size <= RingLayout.DataOffset) return false;
            writer._data = data;
            writer._ring = RingProducer.Create((byte*)(data.Base + RingLayout.ProducerLine), (byte*)(control.Base + RingLayout.ConsumerLine),
                (byte*)(data.Base + RingLayout.DataOffset), data.Size - RingLayout.DataOffset);
            return true;
        }

        /// <summary>The largest message this ring carries (half its data area, less the header).</summary>
        public uint MaxPayload => _ring.MaxPayload;
        /// <summary>The reader's index or the ring's memory made no sense: nothing more is sent.</summary>
        public bool Broken => _ring.Broken;
        /// <summary>Sequence number of the next message.</summary>
        public uint NextSequence => _ring.NextSequence;

        /// <summary>Sends <paramref name="length"/> bytes as one message; false when the ring is full (or the message too large).</summary>
        public bool TrySend(byte* bytes, uint length)
        {
            if (!_ring.TryWrite(bytes, length, out bool readerWaiting)) return false;
            if (readerWaiting) RingDoorbell();
            return true;
        }

        /// <summary>Sends a struct as one message of sizeof(T) bytes.</summary>
        public bool TrySend<T>(T value) where T : unmanaged => TrySend((byte*)&value, (uint)sizeof(T));

        /// <summary>
        /// Sends, waiting while the ring is full. False only when it can never succeed: larger than
        /// <see cref="MaxPayload"/> or the ring is broken.
        /// </summary>
        public bool Send(byte* bytes, uint length)
        {
            if (length > MaxPayload) return false;
            while (!TrySend(bytes, length))
            {
                if (Broken) return false;
                Flush();
            }
            return true;
        }

        public bool Send<T>(T value) where T : unmanaged => Send((byte*)&value, (uint)sizeof(T));

        /// <summary>
        /// Zero-copy: room for <paramref name="length"/> bytes in the ring itself (contiguous,
        /// 8-byte aligned). Fill it, then <see cref="Commit(uint)"/>. False when full.
        /// </summary>
        public bool TryReserve(uint length, out byte* payload) => _ring.TryReserve(length, out payload);

        /// <summary>Publishes the reserved message with <paramref name="length"/> bytes (at most the reserved length).</summary>
        public void Commit(uint length)
        {
            if (_ring.Commit(length)) RingDoorbell();
        }

        /// <summary>Drops a reservation.</summary>
        public void Cancel() => _ring.Cancel();

        /// <summary>
        /// Rings again if the reader still waits: a ring refused by the channel's `doorbell_limit`
        /// is retried here (and by every later send), so no wake-up is lost.
        /// </summary>
        public void Flush()
        {
            if (_ring.ReaderWaiting) RingDoorbell();
        }

        private void RingDoorbell()
        {
            // A refused ring (doorbell_limit) leaves the reader's flag set: the next send or Flush
            // rings again, and a waiting reader re-checks the ring at least every RecheckMs anyway.
            if (_data.Doorbell == 0) return;
            if (_data.Notify()) DoorbellsRung++;
            else DoorbellsRefused++;
        }
    }
}
