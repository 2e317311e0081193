// HashSet<T>: a Dictionary<T, bool> underneath (one hashing implementation to get right).
namespace System.Collections.Generic
{
    public class HashSet<T> : IReadOnlyCollection<T>
    {
        private readonly Dictionary<T, bool> _items = new Dictionary<T, bool>();

        public HashSet() { }

        // Enumerates through IEnumerable<T>: needs the rich profile's interface dispatch.
        public HashSet(IEnumerable<T> items) { foreach (T item in items) Add(item); }

        public int Count => _items.Count;
        public bool Add(T item) => _items.TryAdd(item!, true);
        public bool Contains(T item) => _items.ContainsKey(item!);
        public bool Remove(T item) => _items.Remove(item!);
        public void Clear() => _items.Clear();

        public void UnionWith(HashSet<T> other) { foreach (T item in other) Add(item); }
        public void IntersectWith(HashSet<T> other)
        {
            List<T> drop = new List<T>();
            foreach (T item in this) if (!other.Contains(item)) drop.Add(item);
            foreach (T item in drop) Remove(item);
        }

        public Enumerator GetEnumerator() => new Enumerator(_items);
        IEnumerator<T> IEnumerable<T>.GetEnumerator() => new Enumerator(_items);
        IEnumerator IEnumerable.GetEnumerator() => new Enumerator(_items);

        public struct Enumerator : IEnumerator<T>
        {
            private Dictionary<T, bool>.KeyCollection.Enumerator _inner;
            internal Enumerator(Dictionary<T, bool> d) { _inner = d.Keys.GetEnumerator(); }
            public bool MoveNext() => _inner.MoveNext();
            public T Current => _inner.Current;
            object IEnumerator.Current => _inner.Current;
            public void Reset() => _inner.Reset();
            public void Dispose() { }
        }
    }
}
