namespace Bulkhead.Core.Partition
{
    /// <summary>
    /// The last <see cref="Capacity"/> bytes of one domain's console lines (each ends with '\n'),
    /// kept for its managers (MGMT_CONSOLE, docs/management.md). A reader names its position as a
    /// cursor: the count of bytes the domain had printed when it last read, so `console --follow`
    /// gets each line once and knows when lines scrolled away before it could read them. Written
    /// under the console lock only.
    /// </summary>
    public sealed unsafe class ConsoleHistory
    {
        public const int Capacity = 4096;

        private readonly byte[] _ring = new byte[Capacity];

        /// <summary>Bytes appended since boot: the cursor of the newest byte + 1.</summary>
        public ulong Written { get; private set; }

        /// <summary>The oldest cursor still held.</summary>
        public ulong Oldest => Written > Capacity ? Written - Capacity : 0;

        public void Append(byte b)
        {
            _ring[(int)(Written % Capacity)] = b;
            Written++;
        }

        /// <summary>
        /// Copies whole lines from <paramref name="cursor"/> (when older than <see cref="Oldest"/>: from
        /// the first whole line still held) into <paramref name="destination"/>; returns the bytes copied and the next cursor.
        /// A line longer than the buffer is cut at the buffer's size (so a reader always advances).
        /// </summary>
        public ulong Read(ulong cursor, byte* destination, ulong capacity, out ulong next)
        {
            if (cursor < Oldest)
            {
                // Lines scrolled away: resume at the first whole line still held.
                cursor = Oldest;
                while (cursor < Written && _ring[(int)(cursor % Capacity)] != (byte)'\n') cursor++;
                if (cursor < Written) cursor++;
            }
            if (cursor > Written) cursor = Written;
            ulong available = Written - cursor;
            ulong n = available < capacity ? available : capacity;
            ulong whole = n;
            while (whole > 0 && _ring[(int)((cursor + whole - 1) % Capacity)] != (byte)'\n') whole--;
            if (whole == 0 && n == capacity) whole = n;
            for (ulong i = 0; i < whole; i++) destination[i] = _ring[(int)((cursor + i) % Capacity)];
            next = cursor + whole;
            return whole;
        }
    }
}
