// Helpers for boxed values (RhBox itself is in corelib/Internal.Runtime/TypeCast.cs, rich profile).
using System.Runtime.CompilerServices;

namespace System
{
    /// <summary>Reads the value inside a box whose type was already checked (no unbox helper needed).</summary>
    internal static unsafe class Boxes
    {
        public static T Value<T>(object box)
            => Unsafe.AsRef<T>(Bulkhead.Runtime.RuntimeHelpers.AddressOf(box) + sizeof(IntPtr));
    }
}

namespace System.Runtime.CompilerServices
{
    // ILCompiler's unboxing stubs view a boxed value's data through this type's first field.
    internal class RawData
    {
        public byte Data;
    }
}
