using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Bulkhead.Analyzers
{
    /// <summary>
    /// BH1005: lambdas, anonymous methods, delegate type declarations and delegate creation from a
    /// method group. Lambdas are found from syntax (Func/Action do not exist, so they rarely bind);
    /// method groups need the binder.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class DelegateAnalyzer : BareMetalAnalyzer
    {
        /// <inheritdoc/>
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(BareMetalDiagnostics.Delegate);

        /// <inheritdoc/>
        protected override bool AppliesToRichProfile => false;

        protected override void Register(CompilationStartAnalysisContext context)
        {
            context.RegisterSyntaxNodeAction(c => Report(c.ReportDiagnostic, c.Node.GetLocation(), "A lambda"),
                SyntaxKind.SimpleLambdaExpression, SyntaxKind.ParenthesizedLambdaExpression);
            context.RegisterSyntaxNodeAction(c => Report(c.ReportDiagnostic, ((AnonymousMethodExpressionSyntax)c.Node).DelegateKeyword.GetLocation(), "An anonymous method"),
                SyntaxKind.AnonymousMethodExpression);
            context.RegisterSyntaxNodeAction(c =>
            {
                var node = (DelegateDeclarationSyntax)c.Node;
                Report(c.ReportDiagnostic, node.Identifier.GetLocation(), $"The delegate type '{node.Identifier.ValueText}'");
            }, SyntaxKind.DelegateDeclaration);

            context.RegisterOperationAction(c =>
            {
                var creation = (IDelegateCreationOperation)c.Operation;
                // Lambdas and anonymous methods are reported from syntax above.
                if (creation.Target is IAnonymousFunctionOperation) return;
                string name = creation.Target is IMethodReferenceOperation method ? method.Method.Name : creation.Target.Syntax.ToString();
                Report(c.ReportDiagnostic, creation.Syntax.GetLocation(), $"Creating a delegate from '{name}'");
            }, OperationKind.DelegateCreation);
        }

        private static void Report(System.Action<Diagnostic> report, Location location, string what) =>
            report(Diagnostic.Create(BareMetalDiagnostics.Delegate, location, what));
    }
}
