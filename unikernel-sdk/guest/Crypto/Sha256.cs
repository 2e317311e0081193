namespace Bulkhead.Guest.Crypto
{
    /// <summary>
    /// SHA-256 (FIPS 180-4), incremental, in a struct: no allocation, strict profile. Used by
    /// <see cref="HmacSha256"/> to authenticate management requests (docs/management.md).
    /// </summary>
    public unsafe struct Sha256
    {
        public const int HashSize = 32;
        public const int BlockSize = 64;

        private static readonly uint[] K =
        [
            0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
            0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
            0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
            0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
            0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
            0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
            0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
            0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
        ];

        private fixed uint _state[8];
        private fixed byte _block[BlockSize];
        private int _buffered;
        private ulong _totalBytes;

        public void Reset()
        {
            _state[0] = 0x6a09e667; _state[1] = 0xbb67ae85; _state[2] = 0x3c6ef372; _state[3] = 0xa54ff53a;
            _state[4] = 0x510e527f; _state[5] = 0x9b05688c; _state[6] = 0x1f83d9ab; _state[7] = 0x5be0cd19;
            _buffered = 0;
            _totalBytes = 0;
        }

        public void Update(byte* data, int length)
        {
            if (length <= 0) return;
            _totalBytes += (ulong)length;
            fixed (byte* block = _block)
            {
                if (_buffered > 0)
                {
                    int take = BlockSize - _buffered < length ? BlockSize - _buffered : length;
                    for (int i = 0; i < take; i++) block[_buffered + i] = data[i];
                    _buffered += take; data += take; length -= take;
                    if (_buffered < BlockSize) return;
                    Compress(block);
                    _buffered = 0;
                }
                while (length >= BlockSize)
                {
                    Compress(data);
                    data += BlockSize; length -= BlockSize;
                }
                for (int i = 0; i < length; i++) block[i] = data[i];
                _buffered = length;
            }
        }

        /// <summary>Pads, writes the 32-byte digest to <paramref name="hash"/> and leaves the state spent (Reset to reuse).</summary>
        public void Final(byte* hash)
        {
            ulong bits = _totalBytes * 8;
            fixed (byte* block = _block)
            {
                block[_buffered++] = 0x80;
                if (_buffered > BlockSize - 8)
                {
                    while (_buffered < BlockSize) block[_buffered++] = 0;
                    Compress(block);
                    _buffered = 0;
                }
                while (_buffered < BlockSize - 8) block[_buffered++] = 0;
                for (int i = 0; i < 8; i++) block[BlockSize - 1 - i] = (byte)(bits >> (8 * i));
                Compress(block);
            }
            for (int i = 0; i < 8; i++)
            {
                uint v = _state[i];
                hash[4 * i] = (byte)(v >> 24); hash[4 * i + 1] = (byte)(v >> 16);
                hash[4 * i + 2] = (byte)(v >> 8); hash[4 * i + 3] = (byte)v;
            }
        }

        /// <summary>The digest of <paramref name="length"/> bytes in one call.</summary>
        public static void Hash(byte* data, int length, byte* hash)
        {
            Sha256 s = default;
            s.Reset();
            s.Update(data, length);
            s.Final(hash);
        }

        private static uint Rotr(uint x, int n) => (x >> n) | (x << (32 - n));

        private void Compress(byte* p)
        {
            uint* w = stackalloc uint[64];
            for (int i = 0; i < 16; i++) w[i] = (uint)p[4 * i] << 24 | (uint)p[4 * i + 1] << 16 | (uint)p[4 * i + 2] << 8 | p[4 * i + 3];
            for (int i = 16; i < 64; i++)
            {
                uint s0 = Rotr(w[i - 15], 7) ^ Rotr(w[i - 15], 18) ^ (w[i - 15] >> 3);
                uint s1 = Rotr(w[i - 2], 17) ^ Rotr(w[i - 2], 19) ^ (w[i - 2] >> 10);
                w[i] = w[i - 16] + s0 + w[i - 7] + s1;
            }
            uint a = _state[0], b = _state[1], c = _state[2], d = _state[3], e = _state[4], f = _state[5], g = _state[6], h = _state[7];
            uint[] k = K;
            for (int i = 0; i < 64; i++)
            {
                uint t1 = h + (Rotr(e, 6) ^ Rotr(e, 11) ^ Rotr(e, 25)) + ((e & f) ^ (~e & g)) + k[i] + w[i];
                uint t2 = (Rotr(a, 2) ^ Rotr(a, 13) ^ Rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
                h = g; g = f; f = e; e = d + t1; d = c; c = b; b = a; a = t1 + t2;
            }
            _state[0] += a; _state[1] += b; _state[2] += c; _state[3] += d;
            _state[4] += e; _state[5] += f; _state[6] += g; _state[7] += h;
        }
    }
}
