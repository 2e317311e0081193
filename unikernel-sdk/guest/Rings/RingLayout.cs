namespace Bulkhead.Guest
{
    /// <summary>
    /// Byte layout of a message ring on channel memory (docs/channels.md has the picture). Every
    /// channel used for rings starts with two 64-byte cache lines, then the data area:
    ///   0x00 producer line, written only by the channel's writer:  u64 Written (bytes published, free-running), u32 NextSequence
    ///   0x40 consumer line, written only by a reader:              u64 Read (bytes released, free-running), u32 ReaderWaiting
    ///   0x80 data: records, each an 8-byte header (u32 length, u32 sequence) and the payload padded to 8 bytes.
    /// A one-way channel is read-only for its reader, so in a duplex <see cref="Connection"/> the
    /// consumer line at 0x40 of each channel belongs to the ring flowing the other way; on a
    /// `kind: shared` channel it belongs to the channel's own ring.
    /// </summary>
    public static class RingLayout
    {
        public const uint CacheLine = 64;
        /// <summary>Channel offsets of the two lines and the data area.</summary>
        public const uint ProducerLine = 0x00, ConsumerLine = 0x40, DataOffset = 0x80;

        /// <summary>Fields of the producer line (offsets within the line): u64 bytes published, u32 next sequence number.</summary>
        public const uint WrittenField = 0, NextSequenceField = 8;
        /// <summary>Fields of the consumer line (offsets within the line): u64 bytes released, u32 reader-waiting flag.</summary>
        public const uint ReadField = 0, ReaderWaitingField = 8;

        public const uint HeaderSize = 8;
        public const uint RecordAlign = 8;
        /// <summary>Header length that means "the rest of the data area is padding: continue at its start".</summary>
        public const uint WrapMarker = 0xFFFFFFFF;

        /// <summary>Bytes a message of <paramref name="length"/> takes in the data area (header and padding).</summary>
        public static ulong RecordSize(uint length) => HeaderSize + (((ulong)length + RecordAlign - 1) & ~(ulong)(RecordAlign - 1));

        /// <summary>
        /// The largest payload a ring with <paramref name="capacity"/> data bytes accepts: a record
        /// of at most half the data area always fits once the ring drains, wherever the write position is.
        /// </summary>
        public static uint MaxPayload(ulong capacity) => capacity < 2 * HeaderSize + RecordAlign ? 0 : (uint)((capacity / 2 - HeaderSize) & ~(ulong)(RecordAlign - 1));
    }
}
