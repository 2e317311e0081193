using Bulkhead.Runtime;
using Internal.Runtime;

namespace System.Runtime
{
    /// <summary>
    /// Casts and array stores, called by ILCompiler-generated code. Classes and arrays of classes are
    /// supported; casts to interfaces are not (no interface maps at run time) and fail loudly.
    /// </summary>
    internal static unsafe class TypeCast
    {
        private static bool IsDerivedFrom(MethodTable* type, MethodTable* target)
        {
            for (MethodTable* t = type; t != null; t = t->RelatedType)
                if (t == target) return true;
            return false;
        }

        private static object? IsInstanceOfClass(MethodTable* target, object? obj)
            => obj == null || IsDerivedFrom(RuntimeHelpers.MethodTableOf(obj), target) ? obj : null;

        private static object? IsInstanceOfAny(MethodTable* target, object? obj) => IsInstanceOfClass(target, obj);
        private static object? IsInstanceOfException(MethodTable* target, object? obj) => IsInstanceOfClass(target, obj);

        private static object? IsInstanceOfInterface(MethodTable* target, object? obj)
        {
            if (obj != null) RuntimeFailure.Unsupported("interface type test");
            return null;
        }

        private static object? CheckCastClass(MethodTable* target, object? obj)
        {
            if (IsInstanceOfClass(target, obj) == null && obj != null) RuntimeFailure.InvalidCast();
            return obj;
        }

        private static object? CheckCastClassSpecial(MethodTable* target, object? obj) => CheckCastClass(target, obj);
        private static object? CheckCastAny(MethodTable* target, object? obj) => CheckCastClass(target, obj);

        private static object? CheckCastInterface(MethodTable* target, object? obj)
        {
            if (obj != null) RuntimeFailure.Unsupported("interface cast");
            return obj;
        }

        private static void StelemRef(object?[] array, nint index, object? obj)
        {
            if ((nuint)index >= (uint)array.Length) RuntimeFailure.IndexOutOfRange();
            if (obj != null)
            {
                MethodTable* element = RuntimeHelpers.MethodTableOf(array)->RelatedType;
                if (!IsDerivedFrom(RuntimeHelpers.MethodTableOf(obj), element)) RuntimeFailure.InvalidCast();
            }
            ref object? slot = ref System.Runtime.CompilerServices.Unsafe.Add(ref ArrayData(array), index);
            slot = obj;
        }

        private static ref object? LdelemaRef(object?[] array, nint index, MethodTable* elementType)
        {
            if ((nuint)index >= (uint)array.Length) RuntimeFailure.IndexOutOfRange();
            if (RuntimeHelpers.MethodTableOf(array)->RelatedType != elementType) RuntimeFailure.InvalidCast();
            return ref System.Runtime.CompilerServices.Unsafe.Add(ref ArrayData(array), index);
        }

        // Elements start after the MethodTable pointer and the (padded) length word.
        private static ref object? ArrayData(object?[] array)
            => ref System.Runtime.CompilerServices.Unsafe.AsRef<object?>(RuntimeHelpers.AddressOf(array) + 16);
    }

    internal static unsafe partial class RuntimeExports
    {
        // Unboxing: the value starts right after the MethodTable pointer.
        private static ref byte RhUnbox2(MethodTable* type, object obj)
        {
            if (obj == null) RuntimeFailure.NullReference();
            if (RuntimeHelpers.MethodTableOf(obj) != type) RuntimeFailure.InvalidCast();
            return ref System.Runtime.CompilerServices.Unsafe.AsRef<byte>(RuntimeHelpers.AddressOf(obj) + 8);
        }
    }
}

namespace System.Runtime.InteropServices
{
    public interface IDynamicInterfaceCastable
    {
        static RuntimeTypeHandle GetDynamicInterfaceImplementation(object instance, RuntimeTypeHandle interfaceType) => default;
    }
}
