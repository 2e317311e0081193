using Internal.Runtime;

namespace System.Runtime
{
    /// <summary>
    /// Generic variance for interface casts and dispatch: IEnumerable&lt;string&gt; is an
    /// IEnumerable&lt;object&gt; (out T), IComparer&lt;object&gt; is an IComparer&lt;string&gt; (in T), for
    /// reference-type arguments. Arrays' covariance with generic interfaces is not modelled.
    /// </summary>
    internal static unsafe partial class TypeCast
    {
        private const byte Covariant = 1, Contravariant = 2, ArrayCovariant = 3;

        /// <summary>Whether an object implementing <paramref name="source"/> may be used as <paramref name="target"/> through variance.</summary>
        internal static bool IsVariantCompatible(MethodTable* source, MethodTable* target) => IsVariantCompatible(source, target, 0);

        private static bool IsVariantCompatible(MethodTable* source, MethodTable* target, int depth)
        {
            if (!target->HasGenericVariance || !source->IsGeneric || !target->IsGeneric || depth > 8) return false;
            MethodTable* definition = target->GenericDefinition;
            if (source->GenericDefinition != definition) return false;
            byte* variance = definition->GenericVarianceOfDefinition;
            if (variance == null) return false;
            int arity = definition->GenericParameterCount;
            for (int i = 0; i < arity; i++)
            {
                MethodTable* s = source->GenericArgument(i), t = target->GenericArgument(i);
                if (s == t) continue;
                switch (variance[i])
                {
                    case Covariant:
                    case ArrayCovariant:
                        if (!s->IsReferenceType || !IsAssignable(s, t, depth + 1)) return false;
                        break;
                    case Contravariant:
                        if (!t->IsReferenceType || !IsAssignable(t, s, depth + 1)) return false;
                        break;
                    default:
                        return false;
                }
            }
            return true;
        }

        // Whether a reference of type <from> may be stored in a variable of type <to>.
        private static bool IsAssignable(MethodTable* from, MethodTable* to, int depth)
        {
            if (from == to) return true;
            if (to->IsInterface)
            {
                if (from->IsInterface && IsVariantCompatible(from, to, depth)) return true;
                MethodTable** map = from->InterfaceMap;
                for (int i = 0; i < from->NumInterfaces; i++)
                    if (map[i] == to || IsVariantCompatible(map[i], to, depth)) return true;
                return false;
            }
            return IsDerivedFrom(from, to);
        }
    }
}
