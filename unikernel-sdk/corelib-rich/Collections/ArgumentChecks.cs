// Where a collection or text API meets bad input: the exceptions .NET throws there, with its messages.
namespace System.Collections.Generic
{
    internal static class ArgumentChecks
    {
        public static void OutOfRange(string name) => throw new ArgumentOutOfRangeException(name);
        public static void InvalidOperation(string message) => throw new InvalidOperationException(message);
        public static void KeyNotFound() => throw new KeyNotFoundException();
        public static void DuplicateKey() => throw new ArgumentException("An item with the same key has already been added.");
        public static void Format(string message) => throw new FormatException(message);
    }
}
