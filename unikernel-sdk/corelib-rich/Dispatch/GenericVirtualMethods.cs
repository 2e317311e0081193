using System;
using System.Runtime.CompilerServices;
using Bulkhead.Runtime;
using Internal.Runtime;
using RuntimeHelpers = Bulkhead.Runtime.RuntimeHelpers;

namespace System.Runtime
{
    /// <summary>
    /// Generic virtual methods (virtual M&lt;T&gt;() overridden in a class, an interface's M&lt;T&gt;()). ILCompiler lowers every such
    /// call, even on a sealed receiver, to GVMLookupForSlot(object, RuntimeMethodHandle). The handle is
    /// { declaring type, name-and-signature, argument count, argument types... }. ILCompiler's tables
    /// (NativeFormat hashtables: one bucket array of byte/ushort/uint offsets, entries = low hash byte +
    /// signed relative offset to a tuple of variable-length unsigned numbers):
    ///   __gvm_table: (declaring type, implementing type, declaring sig, implementation sig), types as
    ///     indexes into the CommonFixups external-reference table;
    ///   __exact_method_instantiations: ((declaring type, sig, [argument types]), code), indexes into the
    ///     NativeReferences table. Holds only unshared code: instantiations over value types.
    ///   __interface_gvm_table: see ResolveInterfaceMethod.
    /// Instantiations over reference types (shared code needing a generic dictionary built from
    /// templates) are not supported: they stop the domain with a clear message.
    /// </summary>
    internal static unsafe class TypeLoaderExports
    {
        private struct Tables
        {
            public byte* Gvm, Exact;
            public int* CommonFixups, NativeReferences;
            public byte* InterfaceGvm;
        }

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "bh_gvm_tables")]
        private static extern void GetTables(Tables* tables);

        // The RuntimeMethodHandle ILCompiler emits for a generic method instantiation.
        private struct MethodHandleData
        {
            public MethodTable* DeclaringType;
            public int NameAndSignature;
            public int ArgumentCount;
            // followed by ArgumentCount MethodTable pointers
        }

        public static IntPtr GVMLookupForSlot(object obj, RuntimeMethodHandle slot)
        {
            MethodHandleData* handle = *(MethodHandleData**)&slot;
            Tables tables;
            GetTables(&tables);
            MethodTable** args = (MethodTable**)(handle + 1);
            if (handle->DeclaringType->IsInterface) return (IntPtr)ResolveInterfaceMethod(tables, handle, args, RuntimeHelpers.MethodTableOf(obj));

            for (MethodTable* type = RuntimeHelpers.MethodTableOf(obj); type != null; type = type->BaseType)
            {
                if (!Implements(tables, handle->DeclaringType, type)) continue;
                void* code = FindExact(tables, type, args, handle->ArgumentCount);
                if (code == null)
                    RuntimeFailure.Unsupported("generic virtual method over a reference type (shared code needs a generic dictionary this runtime does not build)");
                return (IntPtr)code;
            }
            RuntimeFailure.Unsupported("generic virtual method without an implementation in ILCompiler's GVM table");
            return IntPtr.Zero;
        }

        /// <summary>
        /// An interface's generic method: its __interface_gvm_table entry is (interface, sig, number of
        /// implementations, then per implementation: (sig, declaring type) or a special constant, the
        /// number of types using it, and per type: (type, number of interfaces, interface signatures...)).
        /// The implementation used by the receiver's type (or its nearest base listed) is then found in
        /// the exact-instantiation table like a class's generic virtual method.
        /// </summary>
        private static void* ResolveInterfaceMethod(Tables tables, MethodHandleData* handle, MethodTable** args, MethodTable* receiver)
        {
            MethodTable* itf = handle->DeclaringType;
            MethodTable* openItf = itf->IsGeneric ? itf->GenericDefinition : itf;
            byte* p = FirstEntry(tables.InterfaceGvm, out byte* end);
            byte* match = null;
            while (p < end)
            {
                byte* tuple = Entry(ref p), start = tuple;
                if (Resolve(tables.CommonFixups, Unsigned(ref tuple)) != openItf) continue;
                if (match != null) RuntimeFailure.Unsupported("two generic methods of one interface with the same signature shape");
                match = start;
            }
            if (match == null) RuntimeFailure.Unsupported("generic interface method without an entry in ILCompiler's interface GVM table");

            for (MethodTable* type = receiver; type != null; type = type->BaseType)
            {
                byte* q = match;
                Unsigned(ref q);                                     // interface
                Unsigned(ref q);                                     // calling sig
                uint implementations = Unsigned(ref q);
                for (uint i = 0; i < implementations; i++)
                {
                    uint first = Unsigned(ref q);
                    MethodTable* declaring = null;
                    bool special = first >= SpecialEntryMinimum;     // diamond or reabstraction: no method
                    if (!special) declaring = (MethodTable*)Resolve(tables.CommonFixups, Unsigned(ref q));
                    uint types = Unsigned(ref q);
                    for (uint t = 0; t < types; t++)
                    {
                        MethodTable* user = (MethodTable*)Resolve(tables.CommonFixups, Unsigned(ref q));
                        uint interfaces = Unsigned(ref q);
                        for (uint k = 0; k < interfaces; k++) Unsigned(ref q);
                        if (user != type && !(type->IsGeneric && user == type->GenericDefinition)) continue;
                        if (special) RuntimeFailure.Unsupported("generic interface method with an ambiguous or reabstracted default");
                        void* code = FindExact(tables, declaring, args, handle->ArgumentCount);
                        if (code == null)
                            RuntimeFailure.Unsupported("generic interface method over a reference type (shared code needs a generic dictionary this runtime does not build)");
                        return code;
                    }
                }
            }
            RuntimeFailure.Unsupported("generic interface method not implemented by the receiver's type");
            return null;
        }

        // ILCompiler's SpecialGVMInterfaceEntry constants (Diamond, Reabstraction) sit at the top of the range.
        private const uint SpecialEntryMinimum = 0xFFFFFFF0;

        // Whether the GVM table says <type> implements (overrides) a generic virtual method of <declaring>.
        // Without reflection metadata ILCompiler's name-and-signature vertices do not tell methods of the
        // same shape apart, so this and FindExact refuse a type with two candidates instead of guessing.
        private static bool Implements(Tables tables, MethodTable* declaring, MethodTable* type)
        {
            byte* p = FirstEntry(tables.Gvm, out byte* end);
            while (p < end)
            {
                byte* tuple = Entry(ref p);
                MethodTable* calling = (MethodTable*)Resolve(tables.CommonFixups, Unsigned(ref tuple));
                MethodTable* target = (MethodTable*)Resolve(tables.CommonFixups, Unsigned(ref tuple));
                if (calling == declaring && target == type) return true;
            }
            return false;
        }

        private static void* FindExact(Tables tables, MethodTable* type, MethodTable** args, int count)
        {
            void* found = null;
            byte* p = FirstEntry(tables.Exact, out byte* end);
            while (p < end)
            {
                byte* tuple = Entry(ref p);
                if (Resolve(tables.NativeReferences, Unsigned(ref tuple)) != type) continue;
                Signed(ref tuple);                                   // name-and-signature (offset)
                if ((int)Unsigned(ref tuple) != count) continue;
                bool same = true;
                for (int i = 0; i < count; i++)
                    if (Resolve(tables.NativeReferences, Unsigned(ref tuple)) != args[i]) { same = false; break; }
                if (!same) continue;
                void* code = Resolve(tables.NativeReferences, Unsigned(ref tuple));
                if (found != null && found != code)
                    RuntimeFailure.Unsupported("two generic virtual methods of one type with the same signature shape");
                found = code;
            }
            return found;
        }

        // A table's entries: this runtime walks all buckets (tables are small; no hashing needed).
        private static byte* FirstEntry(byte* table, out byte* end)
        {
            byte header = table[0];
            byte* baseOffset = table + 1;
            int buckets = 1 << (header >> 2);
            int size = header & 3;
            uint first = BucketOffset(baseOffset, size, 0), last = BucketOffset(baseOffset, size, buckets);
            end = baseOffset + last;
            return baseOffset + first;
        }

        private static uint BucketOffset(byte* table, int size, int bucket)
            => size == 0 ? table[bucket] : size == 1 ? *(ushort*)(table + 2 * bucket) : *(uint*)(table + 4 * bucket);

        // One hashtable entry: a low-hash byte, then a signed offset (from its own position) to the tuple.
        private static byte* Entry(ref byte* p)
        {
            p++;
            byte* at = p;
            int delta = Signed(ref p);
            return at + delta;
        }

        private static void* Resolve(int* table, uint index) => (byte*)(table + index) + table[index];

        // NativeFormat's variable-length numbers: the low bits of the first byte say how many bytes follow.
        private static uint Unsigned(ref byte* p)
        {
            uint b = p[0];
            if ((b & 1) == 0) { p += 1; return b >> 1; }
            if ((b & 2) == 0) { uint v = (b >> 2) | ((uint)p[1] << 6); p += 2; return v; }
            if ((b & 4) == 0) { uint v = (b >> 3) | ((uint)p[1] << 5) | ((uint)p[2] << 13); p += 3; return v; }
            if ((b & 8) == 0) { uint v = (b >> 4) | ((uint)p[1] << 4) | ((uint)p[2] << 12) | ((uint)p[3] << 20); p += 4; return v; }
            uint w = (uint)(p[1] | p[2] << 8 | p[3] << 16 | p[4] << 24); p += 5; return w;
        }

        private static int Signed(ref byte* p)
        {
            uint b = p[0];
            if ((b & 1) == 0) { int v = (sbyte)p[0] >> 1; p += 1; return v; }
            if ((b & 2) == 0) { int v = (int)(b >> 2) | ((sbyte)p[1] << 6); p += 2; return v; }
            if ((b & 4) == 0) { int v = (int)(b >> 3) | (p[1] << 5) | ((sbyte)p[2] << 13); p += 3; return v; }
            if ((b & 8) == 0) { int v = (int)(b >> 4) | (p[1] << 4) | (p[2] << 12) | ((sbyte)p[3] << 20); p += 4; return v; }
            int w = p[1] | p[2] << 8 | p[3] << 16 | p[4] << 24; p += 5; return w;
        }
    }
}
