// Span<T> and ReadOnlySpan<T>: a ref field and a length (C# 11 ref fields), with .NET's shape.
using System.Runtime.CompilerServices;
using System.Collections.Generic;

namespace System
{
    public readonly ref struct Span<T>
    {
        private readonly ref T _reference;
        private readonly int _length;

        public Span(T[]? array)
        {
            if (array == null) { this = default; return; }
            _reference = ref MemoryMarshalHelpers.ArrayData(array);
            _length = array.Length;
        }

        public Span(T[] array, int start, int length)
        {
            if ((uint)start > (uint)array.Length || (uint)length > (uint)(array.Length - start)) ArgumentChecks.OutOfRange("start");
            _reference = ref Unsafe.Add(ref MemoryMarshalHelpers.ArrayData(array), start);
            _length = length;
        }

        public unsafe Span(void* pointer, int length)
        {
            _reference = ref Unsafe.AsRef<T>(pointer);
            _length = length;
        }

        internal Span(ref T reference, int length) { _reference = ref reference; _length = length; }

        internal ref T Reference => ref _reference;

        public int Length => _length;
        public bool IsEmpty => _length == 0;
        public static Span<T> Empty => default;

        public ref T this[int index]
        {
            get
            {
                if ((uint)index >= (uint)_length) Bulkhead.Runtime.RuntimeFailure.IndexOutOfRange();
                return ref Unsafe.Add(ref _reference, index);
            }
        }

        public Span<T> Slice(int start)
        {
            if ((uint)start > (uint)_length) ArgumentChecks.OutOfRange("start");
            return new Span<T>(ref Unsafe.Add(ref _reference, start), _length - start);
        }

        public Span<T> Slice(int start, int length)
        {
            if ((uint)start > (uint)_length || (uint)length > (uint)(_length - start)) ArgumentChecks.OutOfRange("start");
            return new Span<T>(ref Unsafe.Add(ref _reference, start), length);
        }

        public void Clear() { for (int i = 0; i < _length; i++) Unsafe.Add(ref _reference, i) = default!; }
        public void Fill(T value) { for (int i = 0; i < _length; i++) Unsafe.Add(ref _reference, i) = value; }

        public void CopyTo(Span<T> destination)
        {
            if ((uint)_length > (uint)destination.Length) ArgumentChecks.OutOfRange("destination");
            ((ReadOnlySpan<T>)this).CopyTo(destination);
        }

        public bool TryCopyTo(Span<T> destination)
        {
            if ((uint)_length > (uint)destination.Length) return false;
            CopyTo(destination);
            return true;
        }

        public T[] ToArray()
        {
            T[] result = new T[_length];
            for (int i = 0; i < _length; i++) result[i] = Unsafe.Add(ref _reference, i);
            return result;
        }

        public ref T GetPinnableReference() => ref (_length != 0 ? ref _reference : ref Unsafe.NullRef<T>());

        public static implicit operator Span<T>(T[]? array) => new Span<T>(array);
        public static implicit operator ReadOnlySpan<T>(Span<T> span) => new ReadOnlySpan<T>(ref span._reference, span._length);

        public override string ToString()
        {
            if (typeof(T) == typeof(char)) return new string(new ReadOnlySpan<char>(ref Unsafe.As<T, char>(ref _reference), _length));
            return "System.Span";
        }

        public Enumerator GetEnumerator() => new Enumerator(this);

        public ref struct Enumerator
        {
            private readonly Span<T> _span;
            private int _index;
            internal Enumerator(Span<T> span) { _span = span; _index = -1; }
            public bool MoveNext() => ++_index < _span.Length;
            public ref T Current => ref _span[_index];
        }
    }

    public readonly ref struct ReadOnlySpan<T>
    {
        private readonly ref T _reference;
        private readonly int _length;

        public ReadOnlySpan(T[]? array)
        {
            if (array == null) { this = default; return; }
            _reference = ref MemoryMarshalHelpers.ArrayData(array);
            _length = array.Length;
        }

        public ReadOnlySpan(T[] array, int start, int length)
        {
            if ((uint)start > (uint)array.Length || (uint)length > (uint)(array.Length - start)) ArgumentChecks.OutOfRange("start");
            _reference = ref Unsafe.Add(ref MemoryMarshalHelpers.ArrayData(array), start);
            _length = length;
        }

        public unsafe ReadOnlySpan(void* pointer, int length)
        {
            _reference = ref Unsafe.AsRef<T>(pointer);
            _length = length;
        }

        internal ReadOnlySpan(ref T reference, int length) { _reference = ref reference; _length = length; }

        public int Length => _length;
        public bool IsEmpty => _length == 0;
        public static ReadOnlySpan<T> Empty => default;

        public ref readonly T this[int index]
        {
            get
            {
                if ((uint)index >= (uint)_length) Bulkhead.Runtime.RuntimeFailure.IndexOutOfRange();
                return ref Unsafe.Add(ref _reference, index);
            }
        }

        internal ref T Reference => ref _reference;

        public ReadOnlySpan<T> Slice(int start)
        {
            if ((uint)start > (uint)_length) ArgumentChecks.OutOfRange("start");
            return new ReadOnlySpan<T>(ref Unsafe.Add(ref _reference, start), _length - start);
        }

        public ReadOnlySpan<T> Slice(int start, int length)
        {
            if ((uint)start > (uint)_length || (uint)length > (uint)(_length - start)) ArgumentChecks.OutOfRange("start");
            return new ReadOnlySpan<T>(ref Unsafe.Add(ref _reference, start), length);
        }

        public void CopyTo(Span<T> destination)
        {
            if ((uint)_length > (uint)destination.Length) ArgumentChecks.OutOfRange("destination");
            if (_length == 0) return;
            ref T target = ref destination.Reference;
            // Overlap-safe element copy (source and destination may be the same array).
            if (Before(ref target, ref _reference))
                for (int i = 0; i < _length; i++) Unsafe.Add(ref target, i) = Unsafe.Add(ref _reference, i);
            else
                for (int i = _length - 1; i >= 0; i--) Unsafe.Add(ref target, i) = Unsafe.Add(ref _reference, i);
        }

        private static unsafe bool Before(ref T a, ref T b) => Unsafe.AsPointer(ref a) < Unsafe.AsPointer(ref b);

        public bool TryCopyTo(Span<T> destination)
        {
            if ((uint)_length > (uint)destination.Length) return false;
            CopyTo(destination);
            return true;
        }

        public T[] ToArray()
        {
            T[] result = new T[_length];
            for (int i = 0; i < _length; i++) result[i] = Unsafe.Add(ref _reference, i);
            return result;
        }

        public ref readonly T GetPinnableReference() => ref (_length != 0 ? ref _reference : ref Unsafe.NullRef<T>());

        public static implicit operator ReadOnlySpan<T>(T[]? array) => new ReadOnlySpan<T>(array);

        public override string ToString()
        {
            if (typeof(T) == typeof(char)) return new string(new ReadOnlySpan<char>(ref Unsafe.As<T, char>(ref _reference), _length));
            return "System.ReadOnlySpan";
        }

        public Enumerator GetEnumerator() => new Enumerator(this);

        public ref struct Enumerator
        {
            private readonly ReadOnlySpan<T> _span;
            private int _index;
            internal Enumerator(ReadOnlySpan<T> span) { _span = span; _index = -1; }
            public bool MoveNext() => ++_index < _span.Length;
            public ref readonly T Current => ref _span[_index];
        }
    }

    internal static class MemoryMarshalHelpers
    {
        // Elements start right after the MethodTable pointer and the (padded) length.
        public static unsafe ref T ArrayData<T>(T[] array)
        {
            byte* o = Bulkhead.Runtime.RuntimeHelpers.AddressOf(array);
            return ref Unsafe.AsRef<T>(o + 2 * sizeof(IntPtr));
        }
    }
}
