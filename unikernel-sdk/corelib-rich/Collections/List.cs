// List<T> with .NET's public shape. foreach uses the struct Enumerator (no interface call, no
// allocation); the IEnumerable<T> implementation boxes it and needs interface dispatch.
namespace System.Collections.Generic
{
    public class List<T> : IList<T>, IReadOnlyList<T>
    {
        private T[] _items;
        private int _size;
        private int _version;

        public List() { _items = new T[0]; }
        public List(int capacity) { _items = new T[capacity < 0 ? 0 : capacity]; }

        // Enumerates through IEnumerable<T>: needs the rich profile's interface dispatch.
        public List(IEnumerable<T> items) : this() { AddRange(items); }

        public int Count => _size;
        public int Capacity => _items.Length;
        public bool IsReadOnly => false;

        public T this[int index]
        {
            get
            {
                if ((uint)index >= (uint)_size) ArgumentChecks.OutOfRange("index");
                return _items[index];
            }
            set
            {
                if ((uint)index >= (uint)_size) ArgumentChecks.OutOfRange("index");
                _items[index] = value;
                _version++;
            }
        }

        public void Add(T item)
        {
            if (_size == _items.Length) Grow(_size + 1);
            _items[_size++] = item;
            _version++;
        }

        public void AddRange(List<T> other)
        {
            for (int i = 0; i < other._size; i++) Add(other._items[i]);
        }

        public void AddRange(IEnumerable<T> items)
        {
            if (items is List<T> list) { AddRange(list); return; }
            foreach (T item in items) Add(item);
        }

        public void AddRange(T[] items)
        {
            for (int i = 0; i < items.Length; i++) Add(items[i]);
        }

        public void Insert(int index, T item)
        {
            if ((uint)index > (uint)_size) ArgumentChecks.OutOfRange("index");
            if (_size == _items.Length) Grow(_size + 1);
            for (int i = _size; i > index; i--) _items[i] = _items[i - 1];
            _items[index] = item;
            _size++;
            _version++;
        }

        public int IndexOf(T item)
        {
            EqualityComparer<T> comparer = EqualityComparer<T>.Default;
            for (int i = 0; i < _size; i++)
                if (comparer.Equals(_items[i], item)) return i;
            return -1;
        }

        public int LastIndexOf(T item)
        {
            EqualityComparer<T> comparer = EqualityComparer<T>.Default;
            for (int i = _size - 1; i >= 0; i--)
                if (comparer.Equals(_items[i], item)) return i;
            return -1;
        }

        public bool Contains(T item) => IndexOf(item) >= 0;

        public bool Remove(T item)
        {
            int index = IndexOf(item);
            if (index < 0) return false;
            RemoveAt(index);
            return true;
        }

        public void RemoveAt(int index)
        {
            if ((uint)index >= (uint)_size) ArgumentChecks.OutOfRange("index");
            _size--;
            for (int i = index; i < _size; i++) _items[i] = _items[i + 1];
            _items[_size] = default!;
            _version++;
        }

        public void RemoveRange(int index, int count)
        {
            if (index < 0 || count < 0 || _size - index < count) ArgumentChecks.OutOfRange("index");
            for (int i = index; i + count < _size; i++) _items[i] = _items[i + count];
            for (int i = _size - count; i < _size; i++) _items[i] = default!;
            _size -= count;
            _version++;
        }

        public void Clear()
        {
            for (int i = 0; i < _size; i++) _items[i] = default!; // drop references for the GC
            _size = 0;
            _version++;
        }

        public void Reverse()
        {
            for (int i = 0, j = _size - 1; i < j; i++, j--) { T t = _items[i]; _items[i] = _items[j]; _items[j] = t; }
            _version++;
        }

        public T[] ToArray()
        {
            T[] result = new T[_size];
            for (int i = 0; i < _size; i++) result[i] = _items[i];
            return result;
        }

        public void CopyTo(T[] array, int arrayIndex)
        {
            if (arrayIndex < 0 || array.Length - arrayIndex < _size) ArgumentChecks.OutOfRange("arrayIndex");
            for (int i = 0; i < _size; i++) array[arrayIndex + i] = _items[i];
        }

        public void CopyTo(T[] array) => CopyTo(array, 0);

        public void Sort() => Sort(Comparer<T>.Default);

        public void Sort(IComparer<T>? comparer)
        {
            // Comparer<T> subclasses are called virtually (works without interface dispatch).
            if (comparer == null || comparer is Comparer<T>)
                ArraySort.Sort(_items, 0, _size, comparer == null ? Comparer<T>.Default : (Comparer<T>)comparer);
            else
                ArraySort.Sort(_items, 0, _size, new InterfaceComparer<T>(comparer));
            _version++;
        }

        public void Sort(Comparison<T> comparison)
        {
            ArraySort.Sort(_items, 0, _size, new ComparisonComparer<T>(comparison));
            _version++;
        }

        private void Grow(int needed)
        {
            int capacity = _items.Length == 0 ? 4 : _items.Length * 2;
            if (capacity < needed) capacity = needed;
            T[] bigger = new T[capacity];
            for (int i = 0; i < _size; i++) bigger[i] = _items[i];
            _items = bigger;
        }

        public Enumerator GetEnumerator() => new Enumerator(this);
        IEnumerator<T> IEnumerable<T>.GetEnumerator() => new Enumerator(this);
        IEnumerator IEnumerable.GetEnumerator() => new Enumerator(this);

        public struct Enumerator : IEnumerator<T>
        {
            private readonly List<T> _list;
            private readonly int _version;
            private int _index;
            private T _current;

            internal Enumerator(List<T> list) { _list = list; _version = list._version; _index = 0; _current = default!; }

            public bool MoveNext()
            {
                if (_version != _list._version) ArgumentChecks.InvalidOperation("collection was modified during enumeration");
                if (_index >= _list._size) { _current = default!; return false; }
                _current = _list._items[_index++];
                return true;
            }

            public T Current => _current;
            object IEnumerator.Current => _current;
            public void Reset() { _index = 0; _current = default!; }
            public void Dispose() { }
        }
    }

    /// <summary>Wraps an IComparer&lt;T&gt; that is not a Comparer&lt;T&gt; (interface call: needs dispatch).</summary>
    internal sealed class InterfaceComparer<T> : Comparer<T>
    {
        private readonly IComparer<T> _inner;
        public InterfaceComparer(IComparer<T> inner) { _inner = inner; }
        public override int Compare(T? x, T? y) => _inner.Compare(x, y);
    }
}
