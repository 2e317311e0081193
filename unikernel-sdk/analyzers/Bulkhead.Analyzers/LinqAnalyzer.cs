using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Bulkhead.Analyzers
{
    /// <summary>
    /// BH1006: LINQ query syntax, `using System.Linq`, calls into System.Linq, and calls of the
    /// usual LINQ operator names that did not bind (the core library has no System.Linq, so the
    /// plain "does not contain a definition for 'Where'" error gets this clearer companion).
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class LinqAnalyzer : BareMetalAnalyzer
    {
        private static readonly HashSet<string> OperatorNames = new HashSet<string>
        {
            "Where", "Select", "SelectMany", "OrderBy", "OrderByDescending", "ThenBy", "GroupBy", "Join",
            "Any", "All", "Count", "Sum", "Min", "Max", "Average", "Aggregate", "First", "FirstOrDefault",
            "Last", "LastOrDefault", "Single", "SingleOrDefault", "Skip", "Take", "Distinct", "Concat",
            "Zip", "Reverse", "ToArray", "ToList", "ToDictionary", "Contains", "Cast", "OfType",
        };

        /// <inheritdoc/>
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(BareMetalDiagnostics.Linq);

        /// <inheritdoc/>
        protected override void Register(CompilationStartAnalysisContext context)
        {
            context.RegisterSyntaxNodeAction(c => Report(c, c.Node.GetLocation(), "LINQ query syntax"), SyntaxKind.QueryExpression);
            context.RegisterSyntaxNodeAction(c =>
            {
                var node = (UsingDirectiveSyntax)c.Node;
                if (node.Name == null) return;
                string name = SyntaxNames.Dotted(node.Name);
                if (name == "System.Linq" || name.StartsWith("System.Linq.", System.StringComparison.Ordinal))
                    Report(c, node.GetLocation(), $"'using {name}'");
            }, SyntaxKind.UsingDirective);
            // In a rich service List<T>.Contains, Math.Max, string.Join... exist: a call that does not
            // bind there is the compiler's plain error, not likely LINQ (the heuristic stays strict-only).
            bool rich = BareMetalScope.IsRichProfile(context.Compilation);
            context.RegisterSyntaxNodeAction(c => AnalyzeInvocation(c, rich), SyntaxKind.InvocationExpression);
        }

        private static void AnalyzeInvocation(SyntaxNodeAnalysisContext c, bool rich)
        {
            var node = (InvocationExpressionSyntax)c.Node;
            if (!(node.Expression is MemberAccessExpressionSyntax access)) return;
            var info = c.SemanticModel.GetSymbolInfo(node, c.CancellationToken);
            if (info.Symbol is IMethodSymbol method)
            {
                if (IsInSystemLinq(method.ContainingNamespace))
                    Report(c, access.Name.GetLocation(), $"'{method.ContainingType.Name}.{method.Name}' (System.Linq)");
                return;
            }
            // Did not bind: a well-known operator name on a receiver is most likely LINQ.
            string name = access.Name.Identifier.ValueText;
            if (!rich && info.CandidateSymbols.IsEmpty && OperatorNames.Contains(name))
                Report(c, access.Name.GetLocation(), $"'.{name}(...)' (a LINQ operator)");
        }

        private static bool IsInSystemLinq(INamespaceSymbol? ns)
        {
            for (; ns != null && !ns.IsGlobalNamespace; ns = ns.ContainingNamespace)
                if (ns.Name == "Linq" && ns.ContainingNamespace?.Name == "System" && ns.ContainingNamespace.ContainingNamespace?.IsGlobalNamespace == true)
                    return true;
            return false;
        }

        private static void Report(SyntaxNodeAnalysisContext c, Location location, string what) =>
            c.ReportDiagnostic(Diagnostic.Create(BareMetalDiagnostics.Linq, location, what));
    }
}
