using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Bulkhead.Analyzers
{
    /// <summary>
    /// BH1010: string.Format, interpolated strings the compiler cannot turn into string.Concat
    /// (a non-string hole, an alignment or a format), and floating point formatting (ToString on
    /// float/double/decimal, or one of them concatenated to a string).
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class FormattingAnalyzer : BareMetalAnalyzer
    {
        /// <inheritdoc/>
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(BareMetalDiagnostics.Formatting);

        /// <inheritdoc/>
        protected override bool AppliesToRichProfile => false;

        protected override void Register(CompilationStartAnalysisContext context)
        {
            context.RegisterSyntaxNodeAction(AnalyzeInvocation, SyntaxKind.InvocationExpression);
            context.RegisterSyntaxNodeAction(AnalyzeInterpolation, SyntaxKind.Interpolation);
            context.RegisterSyntaxNodeAction(AnalyzeConcatenation, SyntaxKind.AddExpression);
        }

        private static void AnalyzeInvocation(SyntaxNodeAnalysisContext c)
        {
            var node = (InvocationExpressionSyntax)c.Node;
            if (!(node.Expression is MemberAccessExpressionSyntax access)) return;
            string name = access.Name.Identifier.ValueText;
            if (name == "Format" && IsStringType(c, access.Expression))
                Report(c, access.GetLocation(), "'string.Format'");
            else if (name == "ToString" && IsFloatingPoint(c.SemanticModel.GetTypeInfo(access.Expression, c.CancellationToken).Type))
                Report(c, access.Name.GetLocation(), "Floating point formatting (ToString of a float, double or decimal)");
        }

        private static void AnalyzeInterpolation(SyntaxNodeAnalysisContext c)
        {
            var node = (InterpolationSyntax)c.Node;
            if (node.AlignmentClause != null || node.FormatClause != null)
            {
                Report(c, node.GetLocation(), "An interpolation with an alignment or format");
                return;
            }
            var type = c.SemanticModel.GetTypeInfo(node.Expression, c.CancellationToken).Type;
            if (type != null && type.TypeKind != TypeKind.Error && type.SpecialType != SpecialType.System_String)
                Report(c, node.GetLocation(), $"An interpolated string with a '{type.ToDisplayString()}' value");
        }

        private static void AnalyzeConcatenation(SyntaxNodeAnalysisContext c)
        {
            var node = (BinaryExpressionSyntax)c.Node;
            var left = c.SemanticModel.GetTypeInfo(node.Left, c.CancellationToken).Type;
            var right = c.SemanticModel.GetTypeInfo(node.Right, c.CancellationToken).Type;
            bool leftString = left?.SpecialType == SpecialType.System_String, rightString = right?.SpecialType == SpecialType.System_String;
            if (leftString && IsFloatingPoint(right) || rightString && IsFloatingPoint(left))
                Report(c, node.OperatorToken.GetLocation(), "Floating point formatting (a float, double or decimal concatenated to a string)");
        }

        private static bool IsStringType(SyntaxNodeAnalysisContext c, ExpressionSyntax expression)
        {
            if (expression is PredefinedTypeSyntax predefined) return predefined.Keyword.IsKind(SyntaxKind.StringKeyword);
            var symbol = c.SemanticModel.GetSymbolInfo(expression, c.CancellationToken).Symbol as ITypeSymbol;
            return symbol?.SpecialType == SpecialType.System_String;
        }

        private static bool IsFloatingPoint(ITypeSymbol? type) =>
            type != null && (type.SpecialType == SpecialType.System_Single || type.SpecialType == SpecialType.System_Double
                             || type.SpecialType == SpecialType.System_Decimal);

        private static void Report(SyntaxNodeAnalysisContext c, Location location, string what) =>
            c.ReportDiagnostic(Diagnostic.Create(BareMetalDiagnostics.Formatting, location, what));
    }
}
