// Array initializers with constant values (`var t = new byte[] { 1, 2, 3 }`): C# emits
// RuntimeHelpers.InitializeArray(array, <field holding the bytes>). ILCompiler expands the
// [Intrinsic] call into a copy from the image's read-only data whenever the field is known at
// compile time, which is every case C# emits; the body only runs if it could not.
namespace System.Runtime.CompilerServices
{
    public static partial class RuntimeHelpers
    {
        [Intrinsic]
        public static void InitializeArray(Array array, RuntimeFieldHandle fldHandle)
            => Bulkhead.Runtime.RuntimeFailure.Unsupported("array initializer the compiler could not expand");
    }
}
