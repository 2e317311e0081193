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
                if (BareMetalScope.IsBareMetal(start.Compilation, start.Options)) Register(start);
            });
        }

        /// <summary>Registers the syntax or operation actions of one rule.</summary>
        protected abstract void Register(CompilationStartAnalysisContext context);
    }
}
