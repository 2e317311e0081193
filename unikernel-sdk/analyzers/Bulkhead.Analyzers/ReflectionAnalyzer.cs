using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Bulkhead.Analyzers
{
    /// <summary>
    /// BH1007: reflection. Member access on typeof(...), GetType(), and the System.Reflection types
    /// (bound, or recognized by name when they did not bind). Attributes in System.Reflection, which
    /// the core library uses itself, are allowed; so is a bare typeof(...) in an attribute argument.
    /// In rich services GetType() and a Type's name and identity are allowed (corelib-rich Type).
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class ReflectionAnalyzer : BareMetalAnalyzer
    {
        private static readonly HashSet<string> ReflectionTypeNames = new HashSet<string>
        {
            "Activator", "Assembly", "BindingFlags", "ConstructorInfo", "FieldInfo", "MemberInfo",
            "MethodBase", "MethodInfo", "ParameterInfo", "PropertyInfo", "TypeInfo",
        };

        // What corelib-rich/System/Type.cs has (names come from the build's type-name table).
        private static readonly HashSet<string> RichTypeMembers = new HashSet<string> { "Name", "FullName", "Namespace", "Equals", "ToString", "GetHashCode" };

        /// <inheritdoc/>
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(BareMetalDiagnostics.Reflection);

        /// <inheritdoc/>
        protected override void Register(CompilationStartAnalysisContext context)
        {
            // The rich profile has System.Type for identity and names (records compare EqualityContract,
            // logs print GetType().Name); members, attributes and activation stay out of reach.
            bool rich = BareMetalScope.IsRichProfile(context.Compilation);
            context.RegisterSyntaxNodeAction(c =>
            {
                var node = (MemberAccessExpressionSyntax)c.Node;
                if (rich && RichTypeMembers.Contains(node.Name.Identifier.ValueText)) return;
                if (node.Expression is TypeOfExpressionSyntax)
                    Report(c, node.GetLocation(), $"'typeof(...).{node.Name.Identifier.ValueText}'");
            }, SyntaxKind.SimpleMemberAccessExpression);

            context.RegisterSyntaxNodeAction(c =>
            {
                var node = (InvocationExpressionSyntax)c.Node;
                if (node.ArgumentList.Arguments.Count != 0) return;
                var name = node.Expression switch
                {
                    MemberAccessExpressionSyntax m => m.Name,
                    SimpleNameSyntax s => s,
                    _ => null,
                };
                if (name?.Identifier.ValueText != "GetType" || rich) return;
                // A GetType() of the program's own making is fine; the reflective one is object's (or missing).
                var symbol = c.SemanticModel.GetSymbolInfo(node, c.CancellationToken).Symbol;
                if (symbol == null || symbol.ContainingType?.SpecialType == SpecialType.System_Object)
                    Report(c, name.GetLocation(), "'GetType()'");
            }, SyntaxKind.InvocationExpression);

            context.RegisterSyntaxNodeAction(AnalyzeName, SyntaxKind.IdentifierName);
        }

        private static void AnalyzeName(SyntaxNodeAnalysisContext c)
        {
            var node = (IdentifierNameSyntax)c.Node;
            string text = node.Identifier.ValueText;
            if (!ReflectionTypeNames.Contains(text)) return;
            // `x.Assembly` names a member of x, not the reflection type; judge only the leftmost
            // name, or the right part of a namespace-qualified name.
            if (node.Parent is MemberAccessExpressionSyntax access && access.Name == node
                && !(c.SemanticModel.GetSymbolInfo(access.Expression, c.CancellationToken).Symbol is INamespaceSymbol))
                return;
            var info = c.SemanticModel.GetSymbolInfo(node, c.CancellationToken);
            var symbol = info.Symbol ?? (info.CandidateSymbols.Length > 0 ? info.CandidateSymbols[0] : null);
            bool reflective = symbol == null
                || (symbol is INamedTypeSymbol type && IsSystemReflection(type.ContainingNamespace) && !IsAttribute(type));
            if (reflective) Report(c, node.GetLocation(), $"'{text}'");
        }

        private static bool IsSystemReflection(INamespaceSymbol? ns) =>
            ns != null && ns.Name == "Reflection" && ns.ContainingNamespace?.Name == "System"
            && ns.ContainingNamespace.ContainingNamespace?.IsGlobalNamespace == true;

        private static bool IsAttribute(INamedTypeSymbol type)
        {
            for (var t = type.BaseType; t != null; t = t.BaseType)
                if (t.Name == "Attribute" && t.ContainingNamespace?.Name == "System") return true;
            return false;
        }

        private static void Report(SyntaxNodeAnalysisContext c, Location location, string what) =>
            c.ReportDiagnostic(Diagnostic.Create(BareMetalDiagnostics.Reflection, location, what));
    }
}
