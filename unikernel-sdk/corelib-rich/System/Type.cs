// typeof(), GetType() and Type equality for the rich profile (records compare EqualityContract).
// ILCompiler emits typeof(KnownType) as a frozen RuntimeType object whose layout it writes itself
// (MethodTable*, then _pUnderlyingEEType, then _runtimeTypeInfoHandle); shared generic code and
// GetType() go through Type.GetTypeFromMethodTable, which allocates (and caches) its own objects.
// So two Type objects for one type need not be the same reference: == compares the MethodTables.
using System.Runtime.CompilerServices;
using Internal.Runtime;

namespace System
{
    public abstract unsafe partial class Type
    {
        internal abstract IntPtr TypeHandleValue { get; }

        public RuntimeTypeHandle TypeHandle => new RuntimeTypeHandle(TypeHandleValue);

        [Intrinsic]
        public static Type? GetTypeFromHandle(RuntimeTypeHandle handle)
            => handle.Value == IntPtr.Zero ? null : GetTypeFromMethodTable((MethodTable*)handle.Value);

        // The helper ILCompiler calls for typeof(T) in shared generic code (ReadyToRunHelper.GetRuntimeType).
        internal static Type GetTypeFromMethodTable(MethodTable* type) => RuntimeType.For(type);

        // Not [Intrinsic]: ILCompiler would then compare the Type objects by reference, which holds
        // on .NET (one RuntimeType per type) but not here (GetType() makes its own, cached objects).
        public static bool operator ==(Type? left, Type? right)
        {
            if ((object?)left == (object?)right) return true;
            if ((object?)left == null || (object?)right == null) return false;
            return left.TypeHandleValue == right.TypeHandleValue;
        }

        public static bool operator !=(Type? left, Type? right) => !(left == right);

        public override bool Equals(object? other) => other is Type t && this == t;
        public bool Equals(Type? other) => this == other;
        public override int GetHashCode() => ObjectHash.OfAddress((long)TypeHandleValue);
        public override string ToString() => FullName;

        /// <summary>From the build's type-name table (tools/Bulkhead.Build/TypeNameTable.cs): no metadata, so generic instantiations read "&lt;type 0x...&gt;".</summary>
        public string FullName => Bulkhead.Runtime.Exceptions.ExceptionTypeNames.OfMethodTable((void*)TypeHandleValue);

        public string Name
        {
            get
            {
                string full = FullName;
                int cut = full.LastIndexOf('.');
                int nested = full.LastIndexOf('+');
                if (nested > cut) cut = nested;
                return cut < 0 || full.StartsWith("<") ? full : full.Substring(cut + 1, full.Length - cut - 1);
            }
        }

        public string? Namespace
        {
            get
            {
                string full = FullName;
                int cut = full.LastIndexOf('.');
                return cut < 0 || full.StartsWith("<") ? null : full.Substring(0, cut);
            }
        }
    }

    internal sealed unsafe partial class RuntimeType : Type
    {
        // Field order is a contract with ILCompiler's frozen RuntimeType objects.
        private MethodTable* _pUnderlyingEEType;
        private IntPtr _runtimeTypeInfoHandle;

        private RuntimeType(MethodTable* type) { _pUnderlyingEEType = type; }

        internal override IntPtr TypeHandleValue => (IntPtr)_pUnderlyingEEType;

        // A small open-addressing cache so GetType() in a loop does not allocate each time.
        private static RuntimeType?[]? s_cache;

        internal static RuntimeType For(MethodTable* type)
        {
            s_cache ??= new RuntimeType?[256];
            int slot = (int)(((ulong)type >> 4) & 255);
            for (int probe = 0; probe < 8; probe++)
            {
                int i = (slot + probe) & 255;
                RuntimeType? cached = s_cache[i];
                if (cached == null) return s_cache[i] = new RuntimeType(type);
                if (cached._pUnderlyingEEType == type) return cached;
            }
            return new RuntimeType(type);
        }
    }

    public unsafe partial struct RuntimeTypeHandle
    {
        private IntPtr _value;

        internal RuntimeTypeHandle(IntPtr value) { _value = value; }

        public IntPtr Value => _value;

        // The helper ILCompiler calls for ldtoken in shared generic code (ReadyToRunHelper.GetRuntimeTypeHandle).
        internal static RuntimeTypeHandle GetRuntimeTypeHandleFromMethodTable(MethodTable* type) => new RuntimeTypeHandle((IntPtr)type);

        public bool Equals(RuntimeTypeHandle other) => _value == other._value;
        public override bool Equals(object? other) => other is RuntimeTypeHandle && Boxes.Value<RuntimeTypeHandle>(other)._value == _value;
        public override int GetHashCode() => ObjectHash.OfAddress((long)_value);
    }

    public partial class Object
    {
        [Intrinsic]
        public unsafe Type GetType() => Type.GetTypeFromMethodTable(Bulkhead.Runtime.RuntimeHelpers.MethodTableOf(this));

        private unsafe int AddressHash() => ObjectHash.OfAddress((long)Bulkhead.Runtime.RuntimeHelpers.AddressOf(this));
    }

    internal static class ObjectHash
    {
        /// <summary>Mixes an address (8-byte aligned) into an int hash code.</summary>
        public static int OfAddress(long address)
        {
            ulong x = (ulong)address >> 3;
            x ^= x >> 29; x *= 0xBF58476D1CE4E5B9UL; x ^= x >> 32;
            return unchecked((int)x);
        }
    }
}

namespace System.Runtime.CompilerServices
{
    public static partial class RuntimeHelpers
    {
        // Records call this before printing members: the guest's stacks are fixed, nothing to probe.
        public static void EnsureSufficientExecutionStack() { }
    }
}

namespace Internal.Runtime.CompilerHelpers
{
    // The helpers ILCompiler 10 calls for typeof(T) and ldtoken in shared generic code.
    internal static unsafe class LdTokenHelpers
    {
        private static System.RuntimeTypeHandle GetRuntimeTypeHandle(System.IntPtr type)
            => System.RuntimeTypeHandle.GetRuntimeTypeHandleFromMethodTable((MethodTable*)type);

        private static System.Type GetRuntimeType(System.IntPtr type)
            => System.Type.GetTypeFromMethodTable((MethodTable*)type);

        // ldtoken of a field: only array initializers use one, and ILCompiler expands those
        // (corelib-rich/Memory/ArrayInitializers.cs), so the handle carries nothing.
        private static System.RuntimeFieldHandle GetRuntimeFieldHandle(System.IntPtr field) => default;
    }
}
