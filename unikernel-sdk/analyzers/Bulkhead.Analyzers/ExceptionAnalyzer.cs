using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Bulkhead.Analyzers
{
    /// <summary>BH1001 (throw) and BH1002 (try/catch/finally). Syntax only: with no System.Exception in the core library these never bind.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class ExceptionAnalyzer : BareMetalAnalyzer
    {
        /// <inheritdoc/>
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics =>
            ImmutableArray.Create(BareMetalDiagnostics.Throw, BareMetalDiagnostics.Try);

        /// <inheritdoc/>
        protected override bool AppliesToRichProfile => false;

        protected override void Register(CompilationStartAnalysisContext context)
        {
            context.RegisterSyntaxNodeAction(c => c.ReportDiagnostic(Diagnostic.Create(BareMetalDiagnostics.Throw,
                ((ThrowStatementSyntax)c.Node).ThrowKeyword.GetLocation())), SyntaxKind.ThrowStatement);
            context.RegisterSyntaxNodeAction(c => c.ReportDiagnostic(Diagnostic.Create(BareMetalDiagnostics.Throw,
                ((ThrowExpressionSyntax)c.Node).ThrowKeyword.GetLocation())), SyntaxKind.ThrowExpression);
            context.RegisterSyntaxNodeAction(c =>
            {
                var node = (TryStatementSyntax)c.Node;
                string handlers = node.Catches.Count > 0 && node.Finally != null ? "catch/finally"
                    : node.Finally != null ? "finally" : "catch";
                c.ReportDiagnostic(Diagnostic.Create(BareMetalDiagnostics.Try, node.TryKeyword.GetLocation(), handlers));
            }, SyntaxKind.TryStatement);
        }
    }
}
