using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Bulkhead.Analyzers
{
    /// <summary>
    /// BH1013: explicit casts, `as`, `is` and type patterns whose target is an interface and that
    /// need a run-time type check. The runtime has no interface maps, so these fail with
    /// "unsupported: interface cast". Up-casts the compiler proves (Uart to IDevice) emit no check
    /// and are not reported here; calls through the result are (BH1012).
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class InterfaceCastAnalyzer : BareMetalAnalyzer
    {
        /// <inheritdoc/>
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(BareMetalDiagnostics.InterfaceCast);

        /// <inheritdoc/>
        protected override bool AppliesToRichProfile => false;

        protected override void Register(CompilationStartAnalysisContext context)
        {
            context.RegisterOperationAction(c =>
            {
                var conversion = (IConversionOperation)c.Operation;
                if (conversion.IsImplicit || !NeedsRuntimeCheck(c.Compilation, conversion.Operand.Type, conversion.Type)) return;
                Report(c, conversion.IsTryCast ? "An 'as' conversion" : "A cast", conversion.Type!);
            }, OperationKind.Conversion);
            context.RegisterOperationAction(c =>
            {
                var test = (IIsTypeOperation)c.Operation;
                if (NeedsRuntimeCheck(c.Compilation, test.ValueOperand.Type, test.TypeOperand)) Report(c, "An 'is' type test", test.TypeOperand);
            }, OperationKind.IsType);
            context.RegisterOperationAction(c =>
            {
                var pattern = (IDeclarationPatternOperation)c.Operation;
                if (NeedsRuntimeCheck(c.Compilation, pattern.InputType, pattern.MatchedType)) Report(c, "A type pattern", pattern.MatchedType!);
            }, OperationKind.DeclarationPattern);
            context.RegisterOperationAction(c =>
            {
                var pattern = (ITypePatternOperation)c.Operation;
                if (NeedsRuntimeCheck(c.Compilation, pattern.InputType, pattern.MatchedType)) Report(c, "A type pattern", pattern.MatchedType);
            }, OperationKind.TypePattern);
            context.RegisterOperationAction(c =>
            {
                var pattern = (IRecursivePatternOperation)c.Operation;
                if (NeedsRuntimeCheck(c.Compilation, pattern.InputType, pattern.MatchedType)) Report(c, "A type pattern", pattern.MatchedType);
            }, OperationKind.RecursivePattern);
        }

        // A target interface the source type does not already convert to implicitly.
        private static bool NeedsRuntimeCheck(Compilation compilation, ITypeSymbol? from, ITypeSymbol? to) =>
            to != null && to.TypeKind == TypeKind.Interface
            && (from == null || from.TypeKind == TypeKind.Error || !compilation.ClassifyCommonConversion(from, to).IsImplicit);

        private static void Report(OperationAnalysisContext c, string what, ITypeSymbol type) =>
            c.ReportDiagnostic(Diagnostic.Create(BareMetalDiagnostics.InterfaceCast, c.Operation.Syntax.GetLocation(), what, type.ToDisplayString()));
    }
}
