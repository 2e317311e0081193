using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Bulkhead.Analyzers
{
    /// <summary>
    /// Decides whether a compilation targets bare metal. The analyzer must stay silent on host
    /// projects (tools, tests) that happen to load it, so it is on only when asked or when the
    /// compilation itself is built on Bulkhead's core library.
    /// </summary>
    public static class BareMetalScope
    {
        /// <summary>MSBuild property (made compiler-visible by unikernel-sdk/ide) that forces the analyzer on or off.</summary>
        public const string BuildProperty = "build_property.BulkheadBareMetal";

        /// <summary>Key for a .globalconfig / .editorconfig that forces the analyzer on or off.</summary>
        public const string ConfigKey = "bulkhead_bare_metal";

        /// <summary>The type only Bulkhead's core library defines.</summary>
        public const string MarkerType = "Bulkhead.Runtime.Heap";

        /// <summary>True when the BH1xxx rules apply to this compilation.</summary>
        public static bool IsBareMetal(Compilation compilation, AnalyzerOptions options)
        {
            var global = options.AnalyzerConfigOptionsProvider.GlobalOptions;
            if (TryGetFlag(global, ConfigKey, out bool flag) || TryGetFlag(global, BuildProperty, out flag))
                return flag;
            return IsBuiltOnCoreLibrary(compilation);
        }

        /// <summary>
        /// The compilation defines System.Object itself (csc -nostdlib with the core library sources,
        /// as the native build and the IDE project do) and contains Bulkhead's heap.
        /// </summary>
        public static bool IsBuiltOnCoreLibrary(Compilation compilation)
        {
            var obj = compilation.GetSpecialType(SpecialType.System_Object);
            if (obj.TypeKind == TypeKind.Error || !SymbolEqualityComparer.Default.Equals(obj.ContainingAssembly, compilation.Assembly))
                return false;
            var heap = compilation.Assembly.GetTypeByMetadataName(MarkerType);
            return heap != null;
        }

        /// <summary>The preprocessor symbol the native build defines for a service with 'profile: rich'.</summary>
        public const string RichSymbol = "BULKHEAD_RICH";

        /// <summary>True when the compilation is a rich-profile service (garbage collector, exceptions, ...).</summary>
        public static bool IsRichProfile(Compilation compilation)
        {
            foreach (var tree in compilation.SyntaxTrees)
                foreach (var symbol in tree.Options.PreprocessorSymbolNames)
                    if (symbol == RichSymbol) return true;
            return false;
        }

        private static bool TryGetFlag(AnalyzerConfigOptions options, string key, out bool value)
        {
            value = false;
            return options.TryGetValue(key, out var text) && bool.TryParse(text.Trim(), out value);
        }
    }
}
