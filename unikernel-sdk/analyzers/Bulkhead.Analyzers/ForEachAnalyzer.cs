using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Bulkhead.Analyzers
{
    /// <summary>
    /// BH1011: foreach over anything the compiler does not lower to an index loop. Arrays and
    /// strings are lowered; a type with its own GetEnumerator() returning a struct or class (the
    /// pattern, no interfaces) also works. Enumerating through IEnumerable/IEnumerator does not.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class ForEachAnalyzer : BareMetalAnalyzer
    {
        /// <inheritdoc/>
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(BareMetalDiagnostics.ForEach);

        /// <inheritdoc/>
        protected override bool AppliesToRichProfile => false;

        protected override void Register(CompilationStartAnalysisContext context) =>
            context.RegisterSyntaxNodeAction(c =>
            {
                var node = (CommonForEachStatementSyntax)c.Node;
                if (node.AwaitKeyword.IsKind(SyntaxKind.AwaitKeyword)) return; // BH1003 covers it
                var type = c.SemanticModel.GetTypeInfo(node.Expression, c.CancellationToken).Type;
                if (type == null || type.TypeKind == TypeKind.Error) return; // the compiler reports it
                if (type.TypeKind == TypeKind.Array || type.SpecialType == SpecialType.System_String) return;
                var info = c.SemanticModel.GetForEachStatementInfo(node);
                var enumerator = info.GetEnumeratorMethod;
                bool throughInterface = enumerator == null
                    || enumerator.ContainingType.TypeKind == TypeKind.Interface
                    || enumerator.ReturnType.TypeKind == TypeKind.Interface;
                if (throughInterface)
                    c.ReportDiagnostic(Diagnostic.Create(BareMetalDiagnostics.ForEach, node.Expression.GetLocation(), type.ToDisplayString()));
            }, SyntaxKind.ForEachStatement, SyntaxKind.ForEachVariableStatement);
    }
}
