// Queue<T> (a growable ring buffer) and Stack<T>, with .NET's public shapes.
namespace System.Collections.Generic
{
    public class Queue<T> : IReadOnlyCollection<T>
    {
        private T[] _items = new T[4];
        private int _head, _size;

        public int Count => _size;

        public void Enqueue(T item)
        {
            if (_size == _items.Length)
            {
                T[] bigger = new T[_items.Length * 2];
                for (int i = 0; i < _size; i++) bigger[i] = _items[(_head + i) % _items.Length];
                _items = bigger;
                _head = 0;
            }
            _items[(_head + _size) % _items.Length] = item;
            _size++;
        }

        public T Dequeue()
        {
            if (_size == 0) ArgumentChecks.InvalidOperation("Queue empty.");
            T item = _items[_head];
            _items[_head] = default!;
            _head = (_head + 1) % _items.Length;
            _size--;
            return item;
        }

        public bool TryDequeue(out T item)
        {
            if (_size == 0) { item = default!; return false; }
            item = Dequeue();
            return true;
        }

        public T Peek()
        {
            if (_size == 0) ArgumentChecks.InvalidOperation("Queue empty.");
            return _items[_head];
        }

        public bool Contains(T item)
        {
            EqualityComparer<T> c = EqualityComparer<T>.Default;
            for (int i = 0; i < _size; i++) if (c.Equals(_items[(_head + i) % _items.Length], item)) return true;
            return false;
        }

        public void Clear() { for (int i = 0; i < _items.Length; i++) _items[i] = default!; _head = 0; _size = 0; }

        public T[] ToArray()
        {
            T[] result = new T[_size];
            for (int i = 0; i < _size; i++) result[i] = _items[(_head + i) % _items.Length];
            return result;
        }

        public Enumerator GetEnumerator() => new Enumerator(this);
        IEnumerator<T> IEnumerable<T>.GetEnumerator() => new Enumerator(this);
        IEnumerator IEnumerable.GetEnumerator() => new Enumerator(this);

        public struct Enumerator : IEnumerator<T>
        {
            private readonly Queue<T> _q;
            private int _i;
            internal Enumerator(Queue<T> q) { _q = q; _i = -1; }
            public bool MoveNext() => ++_i < _q._size;
            public T Current => _q._items[(_q._head + _i) % _q._items.Length];
            object IEnumerator.Current => Current;
            public void Reset() { _i = -1; }
            public void Dispose() { }
        }
    }

    public class Stack<T> : IReadOnlyCollection<T>
    {
        private T[] _items = new T[4];
        private int _size;

        public int Count => _size;

        public void Push(T item)
        {
            if (_size == _items.Length)
            {
                T[] bigger = new T[_items.Length * 2];
                for (int i = 0; i < _size; i++) bigger[i] = _items[i];
                _items = bigger;
            }
            _items[_size++] = item;
        }

        public T Pop()
        {
            if (_size == 0) ArgumentChecks.InvalidOperation("Stack empty.");
            T item = _items[--_size];
            _items[_size] = default!;
            return item;
        }

        public bool TryPop(out T item)
        {
            if (_size == 0) { item = default!; return false; }
            item = Pop();
            return true;
        }

        public T Peek()
        {
            if (_size == 0) ArgumentChecks.InvalidOperation("Stack empty.");
            return _items[_size - 1];
        }

        public void Clear() { for (int i = 0; i < _size; i++) _items[i] = default!; _size = 0; }

        // Enumerates from the top, like .NET.
        public Enumerator GetEnumerator() => new Enumerator(this);
        IEnumerator<T> IEnumerable<T>.GetEnumerator() => new Enumerator(this);
        IEnumerator IEnumerable.GetEnumerator() => new Enumerator(this);

        public struct Enumerator : IEnumerator<T>
        {
            private readonly Stack<T> _s;
            private int _i;
            internal Enumerator(Stack<T> s) { _s = s; _i = s._size; }
            public bool MoveNext() => --_i >= 0;
            public T Current => _s._items[_i];
            object IEnumerator.Current => Current;
            public void Reset() { _i = _s._size; }
            public void Dispose() { }
        }
    }
}
