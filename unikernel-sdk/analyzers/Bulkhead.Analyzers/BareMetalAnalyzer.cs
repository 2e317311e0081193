using Microsoft.CodeAnalysis.Diagnostics;

namespace Bulkhead.Analyzers
{
    /// <summary>
    /// Base of every BH1xxx analyzer: registers its actions only for bare-metal compilations (see
    /// <see cref="BareMetalScope"/>), so host projects that load the analyzer never see a diagnostic.
    /// </summary>
    public abstract class BareMetalAnalyzer : DiagnosticAnalyzer
    {
        /// <inheritdoc/>
        public sealed override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterCompilationStartAction(start =>
            {
                if (!BareMetalScope.IsBareMetal(start.Compilation, start.Options)) return;
                if (!AppliesToRichProfile && BareMetalScope.IsRichProfile(start.Compilation)) return;
                Register(start);
            });
        }

        /// <summary>False for rules about C# the rich profile supports (docs/csharp-subset.md): silent in rich services.</summary>
        protected virtual bool AppliesToRichProfile => true;

        /// <summary>Registers the syntax or operation actions of one rule.</summary>
        protected abstract void Register(CompilationStartAnalysisContext context);
    }
}
