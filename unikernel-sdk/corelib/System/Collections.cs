namespace System.Collections
{
    // The C# compiler wants these to exist for `foreach` over arrays (which it lowers to an index
    // loop). Nothing implements them: enumerating anything but an array is not supported.
    public interface IEnumerable
    {
        IEnumerator GetEnumerator();
    }

    public interface IEnumerator
    {
        object Current { get; }
        bool MoveNext();
        void Reset();
    }
}
