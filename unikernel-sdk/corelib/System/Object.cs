// The root of the type system. The first word of every object is its MethodTable pointer
// (layout is a contract with ILCompiler).
namespace System
{
    public partial class Object
    {
#pragma warning disable 169, 649
        private IntPtr m_pEEType; // ILCompiler looks this name up (unboxing stubs)
#pragma warning restore 169, 649

        public Object() { }

        public virtual bool Equals(object? other) => ReferenceEquals(this, other);
#if BULKHEAD_RICH
        // Address-based: the rich profile's GC does not move objects (corelib-rich/System/ObjectHash.cs).
        public virtual int GetHashCode() => AddressHash();
#else
        public virtual int GetHashCode() => 0;
#endif
#if BULKHEAD_RICH
        public virtual string ToString() => GetType().FullName;   // as .NET: the type's full name
#else
        public virtual string ToString() => "object";
#endif

        public static bool ReferenceEquals(object? a, object? b) => a == b;

        ~Object() { }
    }
}
