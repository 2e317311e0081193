namespace Bulkhead.Guest.Net
{
    /// <summary>
    /// The Internet checksum (RFC 1071): the ones' complement of the ones' complement sum of 16-bit
    /// big-endian words, an odd last byte padded with zero. Sums are kept in a uint and folded at the end.
    /// </summary>
    public static unsafe class InternetChecksum
    {
        /// <summary>Adds <paramref name="length"/> bytes to a running sum (start with 0, or a pseudo-header's sum).</summary>
        public static uint Add(uint sum, byte* data, uint length)
        {
            uint i = 0;
            for (; i + 1 < length; i += 2)
            {
                sum += (uint)((data[i] << 8) | data[i + 1]);
                // Fold as we go: a 1472-byte payload cannot overflow, but a caller's running sum might.
                if (sum >= 0x80000000u) sum = (sum & 0xffff) + (sum >> 16);
            }
            if (i < length) sum += (uint)(data[i] << 8);
            return sum;
        }

        /// <summary>Adds one 16-bit value (pseudo-header fields).</summary>
        public static uint Add16(uint sum, uint value) => sum + (value & 0xffff);

        /// <summary>Folds the carries and complements: the value for the header field.</summary>
        public static ushort Finish(uint sum)
        {
            while ((sum >> 16) != 0) sum = (sum & 0xffff) + (sum >> 16);
            return (ushort)~sum;
        }

        /// <summary>The checksum of a block (IPv4 header, ICMP message). Over data that holds its own checksum, a valid one gives 0.</summary>
        public static ushort Compute(byte* data, uint length) => Finish(Add(0, data, length));

        /// <summary>The sum of the UDP pseudo-header: source, destination, protocol 17, UDP length.</summary>
        public static uint PseudoHeader(uint source, uint destination, uint protocol, uint length)
        {
            uint sum = Add16(0, source >> 16);
            sum = Add16(sum, source);
            sum = Add16(sum, destination >> 16);
            sum = Add16(sum, destination);
            sum = Add16(sum, protocol);
            return Add16(sum, length);
        }
    }
}
