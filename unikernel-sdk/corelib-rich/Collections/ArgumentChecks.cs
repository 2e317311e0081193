// Where a collection or text API meets bad input. Today a clear fatal stop; once the rich
// profile's exceptions are merged these become throws.
// MERGE (lead): replace each body with the matching throw
//   OutOfRange        -> throw new ArgumentOutOfRangeException(name)
//   InvalidOperation  -> throw new InvalidOperationException(message)
//   KeyNotFound       -> throw new KeyNotFoundException(...)
//   DuplicateKey      -> throw new ArgumentException("An item with the same key has already been added.")
//   Format            -> throw new FormatException(message)
using Bulkhead.Runtime;

namespace System.Collections.Generic
{
    internal static class ArgumentChecks
    {
        public static void OutOfRange(string name) => RuntimeFailure.Fatal(string.Concat("argument out of range: ", name), 0);
        public static void InvalidOperation(string message) => RuntimeFailure.Fatal(string.Concat("invalid operation: ", message), 0);
        public static void KeyNotFound() => RuntimeFailure.Fatal("key not found in dictionary", 0);
        public static void DuplicateKey() => RuntimeFailure.Fatal("an item with the same key has already been added", 0);
        public static void Format(string message) => RuntimeFailure.Fatal(string.Concat("format error: ", message), 0);
    }
}
