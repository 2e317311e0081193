using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Bulkhead.Analyzers
{
    /// <summary>BH1004: yield return / yield break (syntax only: IEnumerable&lt;T&gt; does not exist).</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class IteratorAnalyzer : BareMetalAnalyzer
    {
        /// <inheritdoc/>
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(BareMetalDiagnostics.Iterator);

        /// <inheritdoc/>
        protected override bool AppliesToRichProfile => false;   // csc's iterator classes run on corelib-rich (dispatch, IEnumerable<T>)

        /// <inheritdoc/>
        protected override void Register(CompilationStartAnalysisContext context)
        {
            context.RegisterSyntaxNodeAction(c =>
            {
                var node = (YieldStatementSyntax)c.Node;
                string what = node.IsKind(SyntaxKind.YieldReturnStatement) ? "yield return" : "yield break";
                c.ReportDiagnostic(Diagnostic.Create(BareMetalDiagnostics.Iterator,
                    Location.Create(node.SyntaxTree, Microsoft.CodeAnalysis.Text.TextSpan.FromBounds(node.YieldKeyword.SpanStart, node.ReturnOrBreakKeyword.Span.End)), what));
            }, SyntaxKind.YieldReturnStatement, SyntaxKind.YieldBreakStatement);
        }
    }
}
