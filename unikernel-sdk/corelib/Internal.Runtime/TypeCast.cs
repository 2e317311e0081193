using Bulkhead.Runtime;
using Internal.Runtime;

namespace System.Runtime
{
    /// <summary>
    /// Casts and array stores, called by ILCompiler-generated code. Classes and arrays of classes are
    /// supported; in strict images casts to interfaces are not (they fail loudly); the rich profile reads
    /// interface maps (corelib-rich/Dispatch/InterfaceCasts.cs).
    /// </summary>
    internal static unsafe partial class TypeCast
    {
        private static bool IsDerivedFrom(MethodTable* type, MethodTable* target)
        {
            for (MethodTable* t = type; t != null; t = t->RelatedType)
                if (t == target) return true;
            return false;
        }

        private static object? IsInstanceOfClass(MethodTable* target, object? obj)
            => obj == null || IsDerivedFrom(RuntimeHelpers.MethodTableOf(obj), target) ? obj : null;

        private static object? IsInstanceOfException(MethodTable* target, object? obj) => IsInstanceOfClass(target, obj);
#if !BULKHEAD_RICH
        private static object? IsInstanceOfAny(MethodTable* target, object? obj) => IsInstanceOfClass(target, obj);

        private static object? IsInstanceOfInterface(MethodTable* target, object? obj)
        {
            if (obj != null) RuntimeFailure.Unsupported("interface type test");
            return null;
        }
#endif

        private static object? CheckCastClass(MethodTable* target, object? obj)
        {
            if (IsInstanceOfClass(target, obj) == null && obj != null) RuntimeFailure.InvalidCast();
            return obj;
        }

        private static object? CheckCastClassSpecial(MethodTable* target, object? obj) => CheckCastClass(target, obj);
#if !BULKHEAD_RICH
        private static object? CheckCastAny(MethodTable* target, object? obj) => CheckCastClass(target, obj);

        private static object? CheckCastInterface(MethodTable* target, object? obj)
        {
            if (obj != null) RuntimeFailure.Unsupported("interface cast");
            return obj;
        }
#endif

        private static void StelemRef(object?[] array, nint index, object? obj)
        {
            if ((nuint)index >= (uint)array.Length) RuntimeFailure.IndexOutOfRange();
            if (obj != null)
            {
                MethodTable* element = RuntimeHelpers.MethodTableOf(array)->RelatedType;
                if (!StoreAllowed(RuntimeHelpers.MethodTableOf(obj), element)) RuntimeFailure.InvalidCast();
            }
            ref object? slot = ref System.Runtime.CompilerServices.Unsafe.Add(ref ArrayData(array), index);
            slot = obj;
        }

        // An array of an interface type (List<IShape>'s store) takes the interface's implementers: rich profile only.
#if BULKHEAD_RICH
        private static bool StoreAllowed(MethodTable* type, MethodTable* element)
            => element->IsInterface ? ImplementsInterface(type, element) : IsDerivedFrom(type, element);
#else
        private static bool StoreAllowed(MethodTable* type, MethodTable* element) => IsDerivedFrom(type, element);
#endif

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
#if BULKHEAD_RICH
        // Boxing where the JIT does not inline it (a struct passed as an interface in generic code).
        // Nullable<T> is not boxed specially: the rich profile's code does not box nullables.
        private static object RhBox(MethodTable* type, ref byte data)
        {
            if (type->IsNullable) RuntimeFailure.Unsupported("boxing Nullable<T>");
            object box = NewObject(type);
            byte* to = RuntimeHelpers.AddressOf(box) + 8;
            ref byte from = ref data;
            uint size = type->ValueTypeSize;
            for (uint i = 0; i < size; i++) to[i] = System.Runtime.CompilerServices.Unsafe.Add(ref from, (int)i);
            return box;
        }

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.InternalCall),
         System.Runtime.RuntimeImport("*", "RhpNewFast")]
        private static extern object NewObject(MethodTable* type);
#endif
    }
}

namespace System.Runtime.InteropServices
{
    public interface IDynamicInterfaceCastable
    {
        static RuntimeTypeHandle GetDynamicInterfaceImplementation(object instance, RuntimeTypeHandle interfaceType) => default;
    }
}
