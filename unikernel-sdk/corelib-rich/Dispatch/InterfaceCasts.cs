using Bulkhead.Runtime;
using Internal.Runtime;

namespace System.Runtime
{
    /// <summary>
    /// Type tests and casts to interfaces (rich profile): an object is an instance of an interface when
    /// the interface is in its type's interface map (ILCompiler flattens inherited interfaces into it),
    /// exactly or through generic variance.
    /// </summary>
    internal static unsafe partial class TypeCast
    {
        /// <summary>Interface type tests that reached the runtime (ILCompiler inlines many as type compares); a statistic.</summary>
        internal static ulong InterfaceChecks;

        internal static bool ImplementsInterface(MethodTable* type, MethodTable* itf)
        {
            InterfaceChecks++;
            MethodTable** map = type->InterfaceMap;
            for (int i = 0; i < type->NumInterfaces; i++)
                if (map[i] == itf) return true;
            if (!itf->HasGenericVariance) return false;
            for (int i = 0; i < type->NumInterfaces; i++)
                if (IsVariantCompatible(map[i], itf)) return true;
            return false;
        }

        private static object? IsInstanceOfInterface(MethodTable* target, object? obj)
            => obj == null || ImplementsInterface(RuntimeHelpers.MethodTableOf(obj), target) ? obj : null;

        private static object? CheckCastInterface(MethodTable* target, object? obj)
        {
            if (obj != null && !ImplementsInterface(RuntimeHelpers.MethodTableOf(obj), target)) RuntimeFailure.InvalidCast();
            return obj;
        }

        private static object? IsInstanceOfAny(MethodTable* target, object? obj)
            => target->IsInterface ? IsInstanceOfInterface(target, obj) : IsInstanceOfClass(target, obj);

        private static object? CheckCastAny(MethodTable* target, object? obj)
            => target->IsInterface ? CheckCastInterface(target, obj) : CheckCastClass(target, obj);
    }
}
