using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Bulkhead.Analyzers
{
    /// <summary>BH1009: [ThreadStatic], recognized by name (the core library does not define the attribute).</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class ThreadStaticAnalyzer : BareMetalAnalyzer
    {
        /// <inheritdoc/>
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(BareMetalDiagnostics.ThreadStatic);

        /// <inheritdoc/>
        protected override void Register(CompilationStartAnalysisContext context) =>
            context.RegisterSyntaxNodeAction(c =>
            {
                var node = (AttributeSyntax)c.Node;
                string name = SyntaxNames.Rightmost(node.Name);
                if (name == "ThreadStatic" || name == "ThreadStaticAttribute")
                    c.ReportDiagnostic(Diagnostic.Create(BareMetalDiagnostics.ThreadStatic, node.GetLocation()));
            }, SyntaxKind.Attribute);
    }
}
