using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Bulkhead.Analyzers
{
    /// <summary>BH1008: `dynamic` used as a type (unless the program defines a type of that name).</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class DynamicAnalyzer : BareMetalAnalyzer
    {
        /// <inheritdoc/>
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(BareMetalDiagnostics.Dynamic);

        /// <inheritdoc/>
        protected override void Register(CompilationStartAnalysisContext context) =>
            context.RegisterSyntaxNodeAction(c =>
            {
                var node = (IdentifierNameSyntax)c.Node;
                if (node.Identifier.ValueText != "dynamic" || !SyntaxFacts.IsInTypeOnlyContext(node) && !IsVariableType(node)) return;
                var type = c.SemanticModel.GetTypeInfo(node, c.CancellationToken).Type;
                if (type == null || type.TypeKind == TypeKind.Dynamic || type.TypeKind == TypeKind.Error)
                    c.ReportDiagnostic(Diagnostic.Create(BareMetalDiagnostics.Dynamic, node.GetLocation()));
            }, SyntaxKind.IdentifierName);

        // `dynamic x = ...;` and `foreach (dynamic x in ...)`: positions that may also hold `var`.
        private static bool IsVariableType(IdentifierNameSyntax node) =>
            node.Parent is VariableDeclarationSyntax v && v.Type == node
            || node.Parent is ForEachStatementSyntax f && f.Type == node
            || node.Parent is DeclarationExpressionSyntax d && d.Type == node
            || node.Parent is TypeArgumentListSyntax
            || node.Parent is ArrayTypeSyntax
            || node.Parent is CastExpressionSyntax cast && cast.Type == node;
    }
}
