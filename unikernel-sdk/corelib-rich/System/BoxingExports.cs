// The boxing helper ILCompiler calls where it does not inline a box (e.g. GetType() on a value,
// boxing in shared generic code). Partial: other rich-profile runtime exports may join the class.
// Needs System.Runtime.RuntimeExports in corelib/Internal.Runtime/TypeCast.cs to be partial
// (a one-word change there, made on this branch).
using System.Runtime.CompilerServices;
using Internal.Runtime;

namespace System.Runtime
{
    internal static unsafe partial class RuntimeExports
    {
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "RhpNewFast")]
        private static extern object NewObject(MethodTable* type);

        [RuntimeExport("RhBox")]
        public static object RhBox(MethodTable* type, ref byte data)
        {
            object box = NewObject(type);
            // The value follows the MethodTable pointer; BaseSize counts header word and MethodTable
            // pointer (the copy may include the value's trailing padding).
            byte* target = Bulkhead.Runtime.RuntimeHelpers.AddressOf(box) + sizeof(IntPtr);
            byte* source = (byte*)Unsafe.AsPointer(ref data);
            uint size = type->BaseSize - (uint)(2 * sizeof(IntPtr));
            for (uint i = 0; i < size; i++) target[i] = source[i];
            return box;
        }
    }
}

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

namespace System.Runtime
{
    internal static partial class RuntimeExports
    {
        // TEMPORARY (text branch): the target of arm64|x64/text-dispatch-stub.S. MERGE (lead): delete.
        [RuntimeExport("bh_text_no_interface_dispatch")]
        private static void NoInterfaceDispatch() => Bulkhead.Runtime.RuntimeFailure.Unsupported("interface call (needs the rich profile's interface dispatch)");
    }
}
