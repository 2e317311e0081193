// The interfaces ordinary C# code implements and consumes (foreach, using, sorting, hashing).
// Rich profile only: a strict service calls no interface it could not devirtualize.
namespace System
{
    public interface IEquatable<T>
    {
        bool Equals(T? other);
    }

    public interface IComparable
    {
        int CompareTo(object? other);
    }

    public interface IComparable<in T>
    {
        int CompareTo(T? other);
    }
}

namespace System.Collections.Generic
{
    public interface IEnumerable<out T> : System.Collections.IEnumerable
    {
        new IEnumerator<T> GetEnumerator();
    }

    public interface IEnumerator<out T> : System.Collections.IEnumerator, IDisposable
    {
        new T Current { get; }
    }

    public interface IEqualityComparer<in T>
    {
        bool Equals(T? x, T? y);
        int GetHashCode(T obj);
    }

    public interface IComparer<in T>
    {
        int Compare(T? x, T? y);
    }

    public interface IReadOnlyCollection<out T> : IEnumerable<T>
    {
        int Count { get; }
    }

    public interface IReadOnlyList<out T> : IReadOnlyCollection<T>
    {
        T this[int index] { get; }
    }

    public interface ICollection<T> : IEnumerable<T>
    {
        int Count { get; }
        bool IsReadOnly { get; }
        void Add(T item);
        void Clear();
        bool Contains(T item);
        void CopyTo(T[] array, int arrayIndex);
        bool Remove(T item);
    }

    public interface IList<T> : ICollection<T>
    {
        T this[int index] { get; set; }
        int IndexOf(T item);
        void Insert(int index, T item);
        void RemoveAt(int index);
    }
}
