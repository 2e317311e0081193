using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Bulkhead.Analyzers
{
    /// <summary>BH1014: the lock statement (System.Threading.Monitor does not exist).</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class LockAnalyzer : BareMetalAnalyzer
    {
        /// <inheritdoc/>
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(BareMetalDiagnostics.Lock);

        /// <inheritdoc/>
        protected override void Register(CompilationStartAnalysisContext context) =>
            context.RegisterSyntaxNodeAction(c => c.ReportDiagnostic(Diagnostic.Create(BareMetalDiagnostics.Lock,
                ((LockStatementSyntax)c.Node).LockKeyword.GetLocation())), SyntaxKind.LockStatement);
    }
}
