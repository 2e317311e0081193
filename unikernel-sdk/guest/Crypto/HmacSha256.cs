namespace Bulkhead.Guest.Crypto
{
    /// <summary>
    /// HMAC-SHA256 (RFC 2104), incremental, in a struct: no allocation, strict profile. A key
    /// longer than a block is hashed first, as the RFC says.
    /// </summary>
    public unsafe struct HmacSha256
    {
        public const int MacSize = Sha256.HashSize;

        private Sha256 _inner;
        private fixed byte _outerPad[Sha256.BlockSize];

        public void Start(byte* key, int keyLength)
        {
            byte* k = stackalloc byte[Sha256.BlockSize];
            for (int i = 0; i < Sha256.BlockSize; i++) k[i] = 0;
            if (keyLength > Sha256.BlockSize) Sha256.Hash(key, keyLength, k);
            else for (int i = 0; i < keyLength; i++) k[i] = key[i];

            byte* innerPad = stackalloc byte[Sha256.BlockSize];
            for (int i = 0; i < Sha256.BlockSize; i++)
            {
                innerPad[i] = (byte)(k[i] ^ 0x36);
                _outerPad[i] = (byte)(k[i] ^ 0x5c);
            }
            _inner.Reset();
            _inner.Update(innerPad, Sha256.BlockSize);
        }

        public void Update(byte* data, int length) => _inner.Update(data, length);

        /// <summary>Writes the 32-byte MAC to <paramref name="mac"/>.</summary>
        public void Final(byte* mac)
        {
            byte* innerHash = stackalloc byte[Sha256.HashSize];
            _inner.Final(innerHash);
            Sha256 outer = default;
            outer.Reset();
            fixed (byte* pad = _outerPad) outer.Update(pad, Sha256.BlockSize);
            outer.Update(innerHash, Sha256.HashSize);
            outer.Final(mac);
        }

        public static void Compute(byte* key, int keyLength, byte* data, int length, byte* mac)
        {
            HmacSha256 h = default;
            h.Start(key, keyLength);
            h.Update(data, length);
            h.Final(mac);
        }
    }
}
