using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Bulkhead.Analyzers
{
    /// <summary>
    /// BH1012: an instance member used through an expression whose static type is an interface
    /// (methods, properties, indexers, events, and `using` of an interface-typed resource). Calls
    /// on a type parameter constrained to the interface, and static abstract members, are fine:
    /// ILCompiler specializes them.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class InterfaceCallAnalyzer : BareMetalAnalyzer
    {
        /// <inheritdoc/>
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(BareMetalDiagnostics.InterfaceCall);

        /// <inheritdoc/>
        protected override bool AppliesToRichProfile => false;

        protected override void Register(CompilationStartAnalysisContext context)
        {
            context.RegisterOperationAction(c =>
            {
                var call = (IInvocationOperation)c.Operation;
                if (!call.TargetMethod.IsStatic) Check(c, call.Instance, call.TargetMethod.Name);
            }, OperationKind.Invocation);
            context.RegisterOperationAction(c =>
            {
                var property = (IPropertyReferenceOperation)c.Operation;
                if (!property.Property.IsStatic) Check(c, property.Instance, property.Property.IsIndexer ? "this[]" : property.Property.Name);
            }, OperationKind.PropertyReference);
            context.RegisterOperationAction(c =>
            {
                var ev = (IEventReferenceOperation)c.Operation;
                if (!ev.Event.IsStatic) Check(c, ev.Instance, ev.Event.Name);
            }, OperationKind.EventReference);
            context.RegisterOperationAction(c =>
            {
                var use = (IUsingOperation)c.Operation;
                if (use.Resources is IVariableDeclarationGroupOperation group)
                {
                    foreach (var local in group.GetDeclaredVariables())
                        if (local.Type.TypeKind == TypeKind.Interface) Report(c, use.Resources.Syntax.GetLocation(), "Dispose", local.Type);
                }
                else Check(c, use.Resources, "Dispose");
            }, OperationKind.Using);
        }

        private static void Check(OperationAnalysisContext c, IOperation? instance, string member)
        {
            // The receiver's own type: an interface-typed variable, or a value converted to the interface.
            var type = instance?.Type;
            if (type == null || type.TypeKind != TypeKind.Interface) return;
            Report(c, instance!.Syntax.GetLocation(), member, type);
        }

        private static void Report(OperationAnalysisContext c, Location location, string member, ITypeSymbol type) =>
            c.ReportDiagnostic(Diagnostic.Create(BareMetalDiagnostics.InterfaceCall, location, member, type.ToDisplayString()));
    }
}
