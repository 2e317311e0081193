namespace Bulkhead.Guest
{
    /// <summary>
    /// A duplex link between two domains (system.yaml `links:`): two one-way channels, each
    /// carrying one ring. Each channel also holds the consumer line of the ring flowing the other
    /// way, so each side writes only its own channel (docs/channels.md).
    /// </summary>
    public struct Connection
    {
        /// <summary>Messages to the other domain.</summary>
        public MessageRingWriter Out;
        /// <summary>Messages from the other domain.</summary>
        public MessageRingReader In;
        /// <summary>This domain is the first of the link's `between` (it writes channel 2k).</summary>
        public bool First;

        /// <summary>
        /// Opens link <paramref name="link"/> (0-based, in system-file order). Links come first in the
        /// channel numbering: link k is channels 2k (first domain of `between` to the second) and 2k+1
        /// (back). False when this domain is not one of its two ends.
        /// </summary>
        public static bool Open(int link, out Connection connection)
        {
            connection = default;
            if (!Channel.Open(2 * link, out Channel a) || !Channel.Open(2 * link + 1, out Channel b)) return false;
            if (a.IsWriter == b.IsWriter) return false;
            bool opened = a.IsWriter ? Open(a, b, out connection) : Open(b, a, out connection);
            connection.First = a.IsWriter;
            return opened;
        }

        /// <summary>A connection over two channels given by hand: <paramref name="outgoing"/> this domain writes, <paramref name="incoming"/> it reads.</summary>
        public static bool Open(Channel outgoing, Channel incoming, out Connection connection)
        {
            connection = default;
            return outgoing.IsWriter && !incoming.IsWriter
                && MessageRingWriter.Open(outgoing, incoming, out connection.Out)
                && MessageRingReader.Open(incoming, outgoing, out connection.In);
        }
    }
}
