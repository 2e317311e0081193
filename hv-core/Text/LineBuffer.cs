namespace Bulkhead.Core.Text
{
    /// <summary>
    /// One console line assembled on the stack. The hypervisor reports faults and lifecycle events
    /// after boot with it, so nothing is allocated once the domains run (the heap never grows).
    /// Text beyond the capacity is dropped.
    /// </summary>
    public unsafe struct LineBuffer
    {
        public const int Capacity = 240;
        private fixed byte _text[Capacity];
        private int _length;

        public int Length => _length;
        public byte this[int index] => _text[index];

        public void Append(string text)
        {
            for (int i = 0; i < text.Length; i++) Put(text[i]);
        }

        /// <summary>Guest-supplied bytes: printable ASCII kept, anything else shown as '.'.</summary>
        public void AppendAscii(byte* text, uint length)
        {
            for (uint i = 0; i < length; i++) Put(text[i] >= 0x20 && text[i] < 0x7F ? (char)text[i] : '.');
        }

        public void Append(ref LineBuffer other)
        {
            for (int i = 0; i < other._length; i++) Put((char)other._text[i]);
        }

        public void AppendDecimal(ulong value)
        {
            byte* digits = stackalloc byte[20];
            int n = 0;
            do { digits[n++] = (byte)('0' + (int)(value % 10)); value /= 10; } while (value != 0);
            while (n > 0) Put((char)digits[--n]);
        }

        /// <summary>"0x" and the value in lower-case hex, zero-padded to at least <paramref name="digits"/>.</summary>
        public void AppendHex(ulong value, int digits)
        {
            Put('0');
            Put('x');
            bool started = false;
            for (int shift = 60; shift >= 0; shift -= 4)
            {
                int digit = (int)((value >> shift) & 0xF);
                if (digit != 0 || shift < digits * 4) started = true;
                if (started) Put((char)(digit < 10 ? '0' + digit : 'a' + digit - 10));
            }
        }

        private void Put(char c)
        {
            if (_length < Capacity) _text[_length++] = c < 0x80 ? (byte)c : (byte)'?';
        }
    }
}
