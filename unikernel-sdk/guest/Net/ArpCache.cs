namespace Bulkhead.Guest.Net
{
    /// <summary>
    /// IPv4 to MAC translations learned from ARP, a few entries that expire: a neighbour that
    /// changed its MAC is asked again after at most <see cref="LifetimeMs"/>. Fixed arrays allocated
    /// once; when full, the entry closest to expiry makes room.
    /// </summary>
    public sealed class ArpCache
    {
        public const int Entries = 8;
        /// <summary>How long an answer is trusted (Linux keeps a reachable entry for tens of seconds too).</summary>
        public const ulong LifetimeMs = 60_000;

        private readonly uint[] _ip = new uint[Entries];
        private readonly ulong[] _mac = new ulong[Entries];
        private readonly ulong[] _expires = new ulong[Entries];   // 0: slot unused

        /// <summary>The MAC for <paramref name="ip"/> when known and not expired at <paramref name="nowMs"/>.</summary>
        public bool TryLookup(uint ip, ulong nowMs, out ulong mac)
        {
            mac = 0;
            int i = Find(ip);
            if (i < 0 || _expires[i] <= nowMs) return false;
            mac = _mac[i];
            return true;
        }

        /// <summary>True when <paramref name="ip"/> has an entry, expired or not (RFC 826: update only what we already track).</summary>
        public bool Contains(uint ip) => Find(ip) >= 0;

        /// <summary>Records or refreshes <paramref name="ip"/> → <paramref name="mac"/> for <see cref="LifetimeMs"/>.</summary>
        public void Set(uint ip, ulong mac, ulong nowMs)
        {
            int slot = Find(ip);
            if (slot < 0)
            {
                slot = 0;
                for (int i = 0; i < Entries; i++)
                {
                    if (_expires[i] <= nowMs) { slot = i; break; }   // unused or expired
                    if (_expires[i] < _expires[slot]) slot = i;
                }
            }
            _ip[slot] = ip;
            _mac[slot] = mac;
            _expires[slot] = nowMs + LifetimeMs;
        }

        /// <summary>Live entries at <paramref name="nowMs"/>.</summary>
        public int Count(ulong nowMs)
        {
            int n = 0;
            for (int i = 0; i < Entries; i++) if (_expires[i] > nowMs) n++;
            return n;
        }

        private int Find(uint ip)
        {
            for (int i = 0; i < Entries; i++) if (_expires[i] != 0 && _ip[i] == ip) return i;
            return -1;
        }
    }
}
