using Internal.Runtime;

namespace System.Runtime
{
    internal static unsafe partial class TypeCast
    {
        /// <summary>Whether an object implementing <paramref name="source"/> may be used as <paramref name="target"/> through variance (not yet supported: exact matches only).</summary>
        internal static bool IsVariantCompatible(MethodTable* source, MethodTable* target) => false;
    }
}
