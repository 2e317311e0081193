using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Bulkhead.Analyzers
{
    /// <summary>BH1003: the async modifier, await, await foreach and await using (syntax only: no Task type exists).</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class AsyncAnalyzer : BareMetalAnalyzer
    {
        /// <inheritdoc/>
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(BareMetalDiagnostics.Async);

        /// <inheritdoc/>
        protected override void Register(CompilationStartAnalysisContext context)
        {
            context.RegisterSyntaxNodeAction(c =>
            {
                foreach (var modifier in Modifiers(c.Node))
                    if (modifier.IsKind(SyntaxKind.AsyncKeyword)) Report(c, modifier.GetLocation(), "async");
            }, SyntaxKind.MethodDeclaration, SyntaxKind.LocalFunctionStatement, SyntaxKind.SimpleLambdaExpression,
               SyntaxKind.ParenthesizedLambdaExpression, SyntaxKind.AnonymousMethodExpression);

            context.RegisterSyntaxNodeAction(c => Report(c, ((AwaitExpressionSyntax)c.Node).AwaitKeyword.GetLocation(), "await"),
                SyntaxKind.AwaitExpression);
            context.RegisterSyntaxNodeAction(c =>
            {
                var node = (CommonForEachStatementSyntax)c.Node;
                if (node.AwaitKeyword.IsKind(SyntaxKind.AwaitKeyword)) Report(c, node.AwaitKeyword.GetLocation(), "await foreach");
            }, SyntaxKind.ForEachStatement, SyntaxKind.ForEachVariableStatement);
            context.RegisterSyntaxNodeAction(c =>
            {
                var node = (UsingStatementSyntax)c.Node;
                if (node.AwaitKeyword.IsKind(SyntaxKind.AwaitKeyword)) Report(c, node.AwaitKeyword.GetLocation(), "await using");
            }, SyntaxKind.UsingStatement);
            context.RegisterSyntaxNodeAction(c =>
            {
                var node = (LocalDeclarationStatementSyntax)c.Node;
                if (node.AwaitKeyword.IsKind(SyntaxKind.AwaitKeyword)) Report(c, node.AwaitKeyword.GetLocation(), "await using");
            }, SyntaxKind.LocalDeclarationStatement);
        }

        private static SyntaxTokenList Modifiers(SyntaxNode node) => node switch
        {
            MethodDeclarationSyntax m => m.Modifiers,
            LocalFunctionStatementSyntax f => f.Modifiers,
            AnonymousFunctionExpressionSyntax a => a.Modifiers,
            _ => default,
        };

        private static void Report(SyntaxNodeAnalysisContext c, Location location, string what) =>
            c.ReportDiagnostic(Diagnostic.Create(BareMetalDiagnostics.Async, location, what));
    }
}
