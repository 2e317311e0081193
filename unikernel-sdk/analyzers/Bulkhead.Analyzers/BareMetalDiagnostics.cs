using Microsoft.CodeAnalysis;

namespace Bulkhead.Analyzers
{
    /// <summary>
    /// The BH1xxx diagnostics: C# that compiles (or almost) but that the bare-metal runtime cannot run.
    /// Every message says what is missing and what to write instead. The table in docs/sdk.md lists
    /// the same ids; keep both in step.
    /// </summary>
    public static class BareMetalDiagnostics
    {
        private const string Category = "Bulkhead.BareMetal";
        private const string HelpLink = "docs/sdk.md#analyzer-diagnostics";

        /// <summary>BH1001: <c>throw</c> statement or expression.</summary>
        public static readonly DiagnosticDescriptor Throw = Error("BH1001",
            "Exceptions are not supported on bare metal",
            "'throw' is not supported on bare metal: there is no exception unwinder. Return a status value; an unrecoverable error ends in GuestRuntime.Fatal(message, detail).");

        /// <summary>BH1002: <c>try</c>/<c>catch</c>/<c>finally</c>.</summary>
        public static readonly DiagnosticDescriptor Try = Error("BH1002",
            "try/catch/finally is not supported on bare metal",
            "'try/{0}' is not supported on bare metal: nothing throws and there is no unwinder. Check status values where they are returned and run clean-up code explicitly.");

        /// <summary>BH1003: <c>async</c> methods and <c>await</c>.</summary>
        public static readonly DiagnosticDescriptor Async = Error("BH1003",
            "async/await is not supported on bare metal",
            "'{0}' is not supported on bare metal: there are no tasks and no scheduler. Use Time.Every for periodic work, Interrupts.Register for events and Cpus.Start for parallel work.");

        /// <summary>BH1004: iterators (<c>yield return</c>/<c>yield break</c>).</summary>
        public static readonly DiagnosticDescriptor Iterator = Error("BH1004",
            "Iterators are not supported on bare metal",
            "'{0}' is not supported on bare metal: iterators need IEnumerable<T> and interface dispatch. Fill an array (or pass an index) and loop over it.");

        /// <summary>BH1005: lambdas, anonymous methods and delegate creation.</summary>
        public static readonly DiagnosticDescriptor Delegate = Error("BH1005",
            "Delegates and lambdas are not supported on bare metal",
            "{0} is not supported on bare metal: the runtime has no delegates. Pass a static method as a function pointer instead: 'delegate*<int, void>' and '&Method'.");

        /// <summary>BH1006: LINQ (query syntax, System.Linq).</summary>
        public static readonly DiagnosticDescriptor Linq = Error("BH1006",
            "LINQ is not supported on bare metal",
            "{0} is not supported on bare metal: the core library has no System.Linq, delegates or enumerators. Write a for loop over the array.");

        /// <summary>BH1007: reflection.</summary>
        public static readonly DiagnosticDescriptor Reflection = Error("BH1007",
            "Reflection is not supported on bare metal",
            "{0} is not supported on bare metal: ILCompiler keeps no metadata for reflection. Use the types directly, or generics with static abstract interface members.");

        /// <summary>BH1008: <c>dynamic</c>.</summary>
        public static readonly DiagnosticDescriptor Dynamic = Error("BH1008",
            "dynamic is not supported on bare metal",
            "'dynamic' is not supported on bare metal: there is no runtime binder. Use a concrete type.");

        /// <summary>BH1009: <c>[ThreadStatic]</c>.</summary>
        public static readonly DiagnosticDescriptor ThreadStatic = Error("BH1009",
            "[ThreadStatic] is not supported on bare metal",
            "'[ThreadStatic]' is not supported on bare metal: the linker script has no thread-local sections. Keep per-vCPU state in an array indexed by GuestRuntime.CurrentVcpu.");

        /// <summary>BH1010: string.Format, interpolation with non-string values, floating point formatting.</summary>
        public static readonly DiagnosticDescriptor Formatting = Error("BH1010",
            "Formatting is not supported on bare metal",
            "{0} is not supported on bare metal: the core library formats only integers. Use string.Concat with value.ToString() or value.ToString(\"x\").");

        /// <summary>BH1011: <c>foreach</c> over anything but an array or a string.</summary>
        public static readonly DiagnosticDescriptor ForEach = Error("BH1011",
            "foreach over a non-array is not supported on bare metal",
            "'foreach' over '{0}' is not supported on bare metal: enumerators need interface dispatch. Loop over an array, or use a for loop with an index.");

        /// <summary>BH1012: an instance call through an interface-typed receiver.</summary>
        public static readonly DiagnosticDescriptor InterfaceCall = Error("BH1012",
            "Interface dispatch is not supported on bare metal",
            "Calling '{0}' through the interface '{1}' is not supported on bare metal: the runtime has no interface dispatch. Use the concrete type, or a generic method constrained to the interface ('where T : struct, {1}') so ILCompiler specializes the call.");

        /// <summary>BH1013: casts, type tests and <c>as</c> to an interface type.</summary>
        public static readonly DiagnosticDescriptor InterfaceCast = Error("BH1013",
            "Casts to interfaces are not supported on bare metal",
            "{0} to the interface '{1}' is not supported on bare metal: it fails at run time with 'unsupported: interface cast'. Cast to a class, or use a generic constraint.");

        /// <summary>BH1014: <c>lock</c>.</summary>
        public static readonly DiagnosticDescriptor Lock = Error("BH1014",
            "lock is not supported on bare metal",
            "'lock' is not supported on bare metal: there is no Monitor. Give each vCPU its own data, or use a spin lock built on System.Threading.Volatile.");

        /// <summary>BH1015 (strict profile): an allocation reachable from a timer, interrupt or channel callback.</summary>
        /// A warning: the services written before the profiles existed print numbers from their timers
        /// (AnalyzerOnRealSourcesTests pins the list); raise it to an error once they are rich or fixed.
        public static readonly DiagnosticDescriptor CallbackAllocation = Warning("BH1015",
            "A strict service allocates only during start-up",
            "{0} in code reachable from the {1} callback '{2}' ({3}): a strict service allocates during start-up only, and its callbacks never. Allocate in Main and reuse the object or buffer (a static field), write constant strings, or make the service 'profile: rich' if it is QM.");

        /// <summary>Every descriptor, in id order.</summary>
        public static readonly DiagnosticDescriptor[] All =
        {
            Throw, Try, Async, Iterator, Delegate, Linq, Reflection, Dynamic, ThreadStatic, Formatting,
            ForEach, InterfaceCall, InterfaceCast, Lock, CallbackAllocation,
        };

        private static DiagnosticDescriptor Warning(string id, string title, string message) =>
            new DiagnosticDescriptor(id, title, message, Category, DiagnosticSeverity.Warning, isEnabledByDefault: true,
                helpLinkUri: HelpLink);

        private static DiagnosticDescriptor Error(string id, string title, string message) =>
            new DiagnosticDescriptor(id, title, message, Category, DiagnosticSeverity.Error, isEnabledByDefault: true,
                helpLinkUri: HelpLink);
    }
}
