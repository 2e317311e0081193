// The root of the type system. The first word of every object is its MethodTable pointer
// (layout is a contract with ILCompiler).
namespace System
{
    public class Object
    {
#pragma warning disable 169, 649
        private IntPtr m_pMethodTable;
#pragma warning restore 169, 649

        public Object() { }

        public virtual bool Equals(object? other) => ReferenceEquals(this, other);
        public virtual int GetHashCode() => 0;
        public virtual string ToString() => "object";

        public static bool ReferenceEquals(object? a, object? b) => a == b;

        ~Object() { }
    }
}
