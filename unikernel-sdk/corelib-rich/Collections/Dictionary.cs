// Dictionary<TKey,TValue> with .NET's public shape: separate chaining through an entries array
// (like .NET's), free list reuse after Remove, prime-free power-of-two buckets. Enumeration order
// is insertion order while nothing was removed (as in .NET).
namespace System.Collections.Generic
{
    public class Dictionary<TKey, TValue> : IReadOnlyCollection<KeyValuePair<TKey, TValue>> where TKey : notnull
    {
        private struct Entry
        {
            public int HashCode;   // -1: free
            public int Next;       // index of the next entry in the bucket chain, -1 at the end
            public TKey Key;
            public TValue Value;
        }

        private int[] _buckets;    // 1-based entry index, 0 = empty
        private Entry[] _entries;
        private int _count;        // entries used (including freed ones)
        private int _freeList = -1;
        private int _freeCount;
        private int _version;
        private readonly EqualityComparer<TKey> _comparer;

        public Dictionary() : this(0) { }

        public Dictionary(int capacity)
        {
            int size = 4;
            while (size < capacity) size *= 2;
            _buckets = new int[size];
            _entries = new Entry[size];
            _comparer = EqualityComparer<TKey>.Default;
        }

        public int Count => _count - _freeCount;

        public TValue this[TKey key]
        {
            get
            {
                int i = FindEntry(key);
                if (i < 0) ArgumentChecks.KeyNotFound();
                return _entries[i].Value;
            }
            set => Insert(key, value, overwrite: true);
        }

        public void Add(TKey key, TValue value) => Insert(key, value, overwrite: false);

        public bool TryAdd(TKey key, TValue value)
        {
            if (FindEntry(key) >= 0) return false;
            Insert(key, value, overwrite: false);
            return true;
        }

        public bool ContainsKey(TKey key) => FindEntry(key) >= 0;

        public bool ContainsValue(TValue value)
        {
            EqualityComparer<TValue> c = EqualityComparer<TValue>.Default;
            for (int i = 0; i < _count; i++)
                if (_entries[i].HashCode >= 0 && c.Equals(_entries[i].Value, value)) return true;
            return false;
        }

        public bool TryGetValue(TKey key, out TValue value)
        {
            int i = FindEntry(key);
            if (i >= 0) { value = _entries[i].Value; return true; }
            value = default!;
            return false;
        }

        public TValue GetValueOrDefault(TKey key, TValue defaultValue = default!)
            => TryGetValue(key, out TValue v) ? v : defaultValue;

        public bool Remove(TKey key) => Remove(key, out _);

        public bool Remove(TKey key, out TValue value)
        {
            if (key == null) ArgumentChecks.OutOfRange("key");
            int hash = Hash(key);
            int bucket = hash & (_buckets.Length - 1);
            int previous = -1;
            for (int i = _buckets[bucket] - 1; i >= 0; previous = i, i = _entries[i].Next)
            {
                if (_entries[i].HashCode != hash || !_comparer.Equals(_entries[i].Key, key)) continue;
                if (previous < 0) _buckets[bucket] = _entries[i].Next + 1;
                else _entries[previous].Next = _entries[i].Next;
                value = _entries[i].Value;
                _entries[i].HashCode = -1;
                _entries[i].Key = default!;
                _entries[i].Value = default!;
                _entries[i].Next = _freeList;
                _freeList = i;
                _freeCount++;
                _version++;
                return true;
            }
            value = default!;
            return false;
        }

        public void Clear()
        {
            for (int i = 0; i < _buckets.Length; i++) _buckets[i] = 0;
            for (int i = 0; i < _count; i++) _entries[i] = default;
            _count = 0; _freeList = -1; _freeCount = 0;
            _version++;
        }

        private static int Hash(TKey key) => EqualityComparer<TKey>.Default.GetHashCode(key) & 0x7FFFFFFF;

        private int FindEntry(TKey key)
        {
            if (key == null) ArgumentChecks.OutOfRange("key");
            int hash = Hash(key);
            for (int i = _buckets[hash & (_buckets.Length - 1)] - 1; i >= 0; i = _entries[i].Next)
                if (_entries[i].HashCode == hash && _comparer.Equals(_entries[i].Key, key)) return i;
            return -1;
        }

        private void Insert(TKey key, TValue value, bool overwrite)
        {
            int existing = FindEntry(key);
            if (existing >= 0)
            {
                if (!overwrite) ArgumentChecks.DuplicateKey();
                _entries[existing].Value = value;
                _version++;
                return;
            }
            int index;
            if (_freeCount > 0)
            {
                index = _freeList;
                _freeList = _entries[index].Next;
                _freeCount--;
            }
            else
            {
                if (_count == _entries.Length) Resize();
                index = _count++;
            }
            int hash = Hash(key);
            int bucket = hash & (_buckets.Length - 1);
            _entries[index].HashCode = hash;
            _entries[index].Key = key;
            _entries[index].Value = value;
            _entries[index].Next = _buckets[bucket] - 1;
            _buckets[bucket] = index + 1;
            _version++;
        }

        private void Resize()
        {
            int size = _entries.Length * 2;
            Entry[] entries = new Entry[size];
            for (int i = 0; i < _count; i++) entries[i] = _entries[i];
            int[] buckets = new int[size];
            for (int i = 0; i < _count; i++)
            {
                if (entries[i].HashCode < 0) continue;
                int bucket = entries[i].HashCode & (size - 1);
                entries[i].Next = buckets[bucket] - 1;
                buckets[bucket] = i + 1;
            }
            _entries = entries;
            _buckets = buckets;
        }

        public KeyCollection Keys => new KeyCollection(this);
        public ValueCollection Values => new ValueCollection(this);

        public Enumerator GetEnumerator() => new Enumerator(this);
        IEnumerator<KeyValuePair<TKey, TValue>> IEnumerable<KeyValuePair<TKey, TValue>>.GetEnumerator() => new Enumerator(this);
        IEnumerator IEnumerable.GetEnumerator() => new Enumerator(this);

        public struct Enumerator : IEnumerator<KeyValuePair<TKey, TValue>>
        {
            private readonly Dictionary<TKey, TValue> _d;
            private readonly int _version;
            private int _index;
            private KeyValuePair<TKey, TValue> _current;

            internal Enumerator(Dictionary<TKey, TValue> d) { _d = d; _version = d._version; _index = 0; _current = default; }

            public bool MoveNext()
            {
                if (_version != _d._version) ArgumentChecks.InvalidOperation("collection was modified during enumeration");
                while (_index < _d._count)
                {
                    ref Entry e = ref _d._entries[_index++];
                    if (e.HashCode >= 0) { _current = new KeyValuePair<TKey, TValue>(e.Key, e.Value); return true; }
                }
                _current = default;
                return false;
            }

            public KeyValuePair<TKey, TValue> Current => _current;
            object IEnumerator.Current => _current;
            public void Reset() { _index = 0; }
            public void Dispose() { }
        }

        public sealed class KeyCollection : IReadOnlyCollection<TKey>
        {
            private readonly Dictionary<TKey, TValue> _d;
            internal KeyCollection(Dictionary<TKey, TValue> d) { _d = d; }
            public int Count => _d.Count;
            public Enumerator GetEnumerator() => new Enumerator(_d);
            IEnumerator<TKey> IEnumerable<TKey>.GetEnumerator() => new Enumerator(_d);
            IEnumerator IEnumerable.GetEnumerator() => new Enumerator(_d);

            public struct Enumerator : IEnumerator<TKey>
            {
                private Dictionary<TKey, TValue>.Enumerator _inner;
                internal Enumerator(Dictionary<TKey, TValue> d) { _inner = new Dictionary<TKey, TValue>.Enumerator(d); }
                public bool MoveNext() => _inner.MoveNext();
                public TKey Current => _inner.Current.Key;
                object IEnumerator.Current => _inner.Current.Key;
                public void Reset() => _inner.Reset();
                public void Dispose() { }
            }
        }

        public sealed class ValueCollection : IReadOnlyCollection<TValue>
        {
            private readonly Dictionary<TKey, TValue> _d;
            internal ValueCollection(Dictionary<TKey, TValue> d) { _d = d; }
            public int Count => _d.Count;
            public Enumerator GetEnumerator() => new Enumerator(_d);
            IEnumerator<TValue> IEnumerable<TValue>.GetEnumerator() => new Enumerator(_d);
            IEnumerator IEnumerable.GetEnumerator() => new Enumerator(_d);

            public struct Enumerator : IEnumerator<TValue>
            {
                private Dictionary<TKey, TValue>.Enumerator _inner;
                internal Enumerator(Dictionary<TKey, TValue> d) { _inner = new Dictionary<TKey, TValue>.Enumerator(d); }
                public bool MoveNext() => _inner.MoveNext();
                public TValue Current => _inner.Current.Value;
                object IEnumerator.Current => _inner.Current.Value;
                public void Reset() => _inner.Reset();
                public void Dispose() { }
            }
        }
    }

    public readonly struct KeyValuePair<TKey, TValue>
    {
        public KeyValuePair(TKey key, TValue value) { Key = key; Value = value; }
        public TKey Key { get; }
        public TValue Value { get; }
        public void Deconstruct(out TKey key, out TValue value) { key = Key; value = Value; }
        public override string ToString()
            => string.Concat("[", Key == null ? "" : Key.ToString(), ", ", Value == null ? "" : Value.ToString(), "]");
    }
}
