using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Bulkhead.Analyzers
{
    /// <summary>
    /// BH1015 (strict profile only): nothing reachable from a timer, interrupt or channel callback
    /// allocates - a strict service allocates during start-up and never again, so its callbacks
    /// cannot run out of memory or take a variable time in the allocator.
    ///
    /// Callbacks are the methods whose address a service passes to the SDK: <c>Time.Every(period, &amp;M)</c>,
    /// <c>Interrupts.Register(id, &amp;M)</c>, <c>channel.OnDoorbell(&amp;M)</c>. From each, the analyzer walks
    /// the calls inside the compilation (methods, constructors, accessors, user-defined operators and
    /// conversions) and reports every allocation: <c>new</c> of a class or an array, string
    /// concatenation and interpolation, boxing, delegates and lambdas, collection expressions that
    /// build arrays, and calls into the core library or the SDK that allocate (int.ToString,
    /// string.Concat, Memory.AllocateZeroed...), reported at the service's call with the library
    /// chain. Calls it cannot follow - function pointers, abstract and interface members - are not
    /// judged (a strict service has no interface dispatch anyway).
    /// </summary>
    [DiagnosticAnalyzer(Microsoft.CodeAnalysis.LanguageNames.CSharp)]
    public sealed class CallbackAllocationAnalyzer : BareMetalAnalyzer
    {
        /// <inheritdoc/>
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(BareMetalDiagnostics.CallbackAllocation);

        /// <inheritdoc/>
        protected override bool AppliesToRichProfile => false;   // a rich service has a garbage collector

        // The SDK's callback registrations: containing type (Bulkhead.Guest) -> what the callback is called in the message.
        private static readonly Dictionary<string, string> Registrars = new Dictionary<string, string>
        {
            ["Time"] = "timer", ["Interrupts"] = "interrupt", ["Channel"] = "channel",
        };

        /// <inheritdoc/>
        protected override void Register(CompilationStartAnalysisContext context)
        {
            var callbacks = new ConcurrentQueue<Callback>();
            context.RegisterOperationAction(c =>
            {
                var call = (IInvocationOperation)c.Operation;
                var type = call.TargetMethod.ContainingType;
                if (type == null || !Registrars.TryGetValue(type.Name, out string? kind) || !IsNamespace(type.ContainingNamespace, "Bulkhead", "Guest")) return;
                foreach (var argument in call.Arguments)
                    if (Unwrap(argument.Value) is IAddressOfOperation address && address.Reference is IMethodReferenceOperation method)
                        callbacks.Enqueue(new Callback(method.Method, kind));
            }, OperationKind.Invocation);

            context.RegisterCompilationEndAction(c =>
            {
                var walker = new Walker(c.Compilation, c.CancellationToken);
                var reported = new HashSet<Location>();
                foreach (var callback in callbacks.Distinct())
                    foreach (var finding in walker.FindAllocations(callback.Method))
                        if (reported.Add(finding.Location))
                            c.ReportDiagnostic(Diagnostic.Create(BareMetalDiagnostics.CallbackAllocation, finding.Location,
                                finding.What, callback.Kind, callback.Method.Name, PathText(finding.Path)));
            });
        }

        private static string PathText(IReadOnlyList<IMethodSymbol> path) =>
            path.Count == 1 ? "directly" : "via " + string.Join(" -> ", path.Skip(1).Select(m => m.Name));

        private static IOperation Unwrap(IOperation operation)
        {
            while (operation is IConversionOperation conversion) operation = conversion.Operand;
            return operation;
        }

        internal static bool IsNamespace(INamespaceSymbol? ns, params string[] names)
        {
            for (int i = names.Length - 1; i >= 0; i--, ns = ns.ContainingNamespace)
                if (ns == null || ns.Name != names[i]) return false;
            return ns != null && ns.IsGlobalNamespace;
        }

        private readonly struct Callback : System.IEquatable<Callback>
        {
            public Callback(IMethodSymbol method, string kind) { Method = method; Kind = kind; }
            public IMethodSymbol Method { get; }
            public string Kind { get; }
            public bool Equals(Callback other) => SymbolEqualityComparer.Default.Equals(Method, other.Method) && Kind == other.Kind;
            public override bool Equals(object? obj) => obj is Callback other && Equals(other);
            public override int GetHashCode() => SymbolEqualityComparer.Default.GetHashCode(Method);
        }

        private sealed class Finding
        {
            public Finding(Location location, string what, IReadOnlyList<IMethodSymbol> path) { Location = location; What = what; Path = path; }
            public Location Location { get; }
            public string What { get; }
            public IReadOnlyList<IMethodSymbol> Path { get; }
        }

        /// <summary>The call-graph walk over one compilation (method bodies are bound once and reused).</summary>
        private sealed class Walker
        {
            private readonly Compilation _compilation;
            private readonly System.Threading.CancellationToken _cancel;
            private readonly Dictionary<IMethodSymbol, List<IOperation>> _bodies = new Dictionary<IMethodSymbol, List<IOperation>>(SymbolEqualityComparer.Default);
            // Library methods: null = does not allocate, else the chain down to the allocation ("Number.Format -> string.FastAllocate").
            private readonly Dictionary<IMethodSymbol, string?> _library = new Dictionary<IMethodSymbol, string?>(SymbolEqualityComparer.Default);

            public Walker(Compilation compilation, System.Threading.CancellationToken cancel) { _compilation = compilation; _cancel = cancel; }

            /// <summary>Breadth first from the callback through the service's own methods: shortest paths in the messages.</summary>
            public IEnumerable<Finding> FindAllocations(IMethodSymbol callback)
            {
                var findings = new List<Finding>();
                var queue = new Queue<List<IMethodSymbol>>();
                var seen = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default) { callback.OriginalDefinition };
                queue.Enqueue(new List<IMethodSymbol> { callback.OriginalDefinition });
                while (queue.Count > 0)
                {
                    _cancel.ThrowIfCancellationRequested();
                    var path = queue.Dequeue();
                    foreach (var operation in Body(path[path.Count - 1]))
                    {
                        string? what = Allocation(operation);
                        if (what != null) { findings.Add(new Finding(operation.Syntax.GetLocation(), what, path)); continue; }
                        foreach (var callee in Callees(operation))
                        {
                            var target = callee.OriginalDefinition;
                            if (IsLibrary(target))
                            {
                                string? chain = LibraryAllocation(target, new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default));
                                if (chain != null)
                                    findings.Add(new Finding(CallLocation(operation), $"'{Display(target)}' allocates ({chain})", path));
                            }
                            else if (seen.Add(target))
                                queue.Enqueue(new List<IMethodSymbol>(path) { target });
                        }
                    }
                }
                return findings;
            }

            /// <summary>Whether a core-library or SDK method allocates, depth first through the library.</summary>
            private string? LibraryAllocation(IMethodSymbol method, HashSet<IMethodSymbol> active)
            {
                if (_library.TryGetValue(method, out string? known)) return known;
                if (IsAllocationPrimitive(method)) return _library[method] = Display(method);
                // The SDK's own tables (interrupt handlers, console rings) are allocated once, on first
                // use; its callers are judged by what they pass, not by the SDK's lazy set-up.
                if (!IsCoreLibrary(method)) return _library[method] = null;
                if (!active.Add(method)) return null;   // recursion: judged by the outer frame
                string? result = null;
                foreach (var operation in Body(method))
                {
                    string? what = Allocation(operation);
                    if (what != null) { result = Display(method) + ": " + what; break; }
                    foreach (var callee in Callees(operation))
                    {
                        string? chain = LibraryAllocation(callee.OriginalDefinition, active);
                        if (chain != null) { result = Display(method) + " -> " + chain; break; }
                    }
                    if (result != null) break;
                }
                active.Remove(method);
                return _library[method] = result;
            }

            /// <summary>The allocation an operation makes by itself, described for the message; null when none.</summary>
            private static string? Allocation(IOperation operation)
            {
                switch (operation)
                {
                    case IObjectCreationOperation create when create.Type != null && create.Type.IsReferenceType:
                        return $"'new {create.Type.ToDisplayString()}(...)'";
                    case ITypeParameterObjectCreationOperation create when create.Type is ITypeParameterSymbol { HasValueTypeConstraint: false }:
                        return $"'new {create.Type.Name}()' (it may be a class)";
                    case IArrayCreationOperation array:
                        return $"'new {array.Type?.ToDisplayString()}'";
                    case IDelegateCreationOperation _:
                        return "a delegate";
                    case IInterpolatedStringOperation interpolated when !interpolated.ConstantValue.HasValue:
                        return "an interpolated string";
                    case IBinaryOperation binary when binary.OperatorKind == BinaryOperatorKind.Add && binary.OperatorMethod == null
                                                      && binary.Type?.SpecialType == SpecialType.System_String && !binary.ConstantValue.HasValue:
                        return "string concatenation";
                    case IConversionOperation conversion when conversion.Operand.Type?.IsValueType == true && conversion.Type?.IsReferenceType == true:
                        return $"boxing a '{conversion.Operand.Type?.ToDisplayString()}'";
                    case ICollectionExpressionOperation collection when collection.Type != null && (collection.Type.TypeKind == TypeKind.Array || collection.Type.IsReferenceType):
                        return $"a collection expression (a new '{collection.Type.ToDisplayString()}')";
                    default:
                        return null;
                }
            }

            /// <summary>The methods an operation calls directly that have a body to walk.</summary>
            private static IEnumerable<IMethodSymbol> Callees(IOperation operation)
            {
                switch (operation)
                {
                    case IInvocationOperation call:
                        yield return call.TargetMethod;
                        break;
                    case IObjectCreationOperation create when create.Constructor != null:
                        yield return create.Constructor;
                        break;
                    case IPropertyReferenceOperation property:
                        bool written = operation.Parent is IAssignmentOperation assignment && assignment.Target == operation;
                        var accessor = written ? property.Property.SetMethod : property.Property.GetMethod;
                        if (accessor != null) yield return accessor;
                        if (operation.Parent is ICompoundAssignmentOperation && property.Property.SetMethod != null) yield return property.Property.SetMethod;
                        break;
                    case IBinaryOperation binary when binary.OperatorMethod != null:
                        yield return binary.OperatorMethod;
                        break;
                    case IUnaryOperation unary when unary.OperatorMethod != null:
                        yield return unary.OperatorMethod;
                        break;
                    case IConversionOperation conversion when conversion.OperatorMethod != null:
                        yield return conversion.OperatorMethod;
                        break;
                    case ICompoundAssignmentOperation compound when compound.OperatorMethod != null:
                        yield return compound.OperatorMethod;
                        break;
                }
            }

            /// <summary>Every operation in the method's body (empty for methods declared elsewhere or without a body).</summary>
            private List<IOperation> Body(IMethodSymbol method)
            {
                if (_bodies.TryGetValue(method, out var cached)) return cached;
                var operations = new List<IOperation>();
                var source = method.PartialImplementationPart ?? method;
                foreach (var reference in source.DeclaringSyntaxReferences)
                {
                    var node = reference.GetSyntax(_cancel);
                    if (!_compilation.ContainsSyntaxTree(node.SyntaxTree)) continue;
                    var model = _compilation.GetSemanticModel(node.SyntaxTree);
                    var bodies = node switch
                    {
                        BaseMethodDeclarationSyntax m => new SyntaxNode?[] { m.Body, m.ExpressionBody?.Expression, (m as ConstructorDeclarationSyntax)?.Initializer },
                        AccessorDeclarationSyntax a => new SyntaxNode?[] { a.Body, a.ExpressionBody?.Expression },
                        ArrowExpressionClauseSyntax arrow => new SyntaxNode?[] { arrow.Expression },
                        LocalFunctionStatementSyntax l => new SyntaxNode?[] { l.Body, l.ExpressionBody?.Expression },
                        _ => new SyntaxNode?[0],
                    };
                    foreach (var body in bodies)
                        if (body != null && model.GetOperation(body, _cancel) is IOperation root)
                            operations.AddRange(root.DescendantsAndSelf());
                }
                _bodies[method] = operations;
                return operations;
            }

            /// <summary>The core library and the SDK: reported at the service's call into them, not inside.</summary>
            private static bool IsLibrary(IMethodSymbol method)
            {
                var ns = method.ContainingNamespace;
                while (ns != null && !ns.IsGlobalNamespace && !ns.ContainingNamespace.IsGlobalNamespace) ns = ns.ContainingNamespace;
                if (ns == null || ns.IsGlobalNamespace) return false;
                if (ns.Name == "System" || ns.Name == "Internal") return true;
                if (ns.Name != "Bulkhead") return false;
                var second = method.ContainingNamespace;
                while (second.ContainingNamespace != null && !second.ContainingNamespace.IsGlobalNamespace && second.ContainingNamespace.Name != "Bulkhead") second = second.ContainingNamespace;
                return second.Name is "Runtime" or "Guest" or "Drivers" or "Core" or "Generated";
            }

            /// <summary>System.*, Internal.* and Bulkhead.Runtime: the core library, walked to find its allocations.</summary>
            private static bool IsCoreLibrary(IMethodSymbol method)
            {
                var ns = method.ContainingNamespace;
                while (ns != null && !ns.IsGlobalNamespace && !ns.ContainingNamespace.IsGlobalNamespace) ns = ns.ContainingNamespace;
                return ns != null && (ns.Name == "System" || ns.Name == "Internal" || IsNamespace(method.ContainingNamespace, "Bulkhead", "Runtime"));
            }

            /// <summary>Where memory is taken: the core library's heap and the SDK's start-up allocator.</summary>
            private static bool IsAllocationPrimitive(IMethodSymbol method)
            {
                var type = method.ContainingType;
                if (type == null) return false;
                if (type.Name == "Heap" && IsNamespace(type.ContainingNamespace, "Bulkhead", "Runtime"))
                    return method.Name.StartsWith("Allocate", System.StringComparison.Ordinal) || method.Name.StartsWith("New", System.StringComparison.Ordinal);
                return type.Name == "Memory" && IsNamespace(type.ContainingNamespace, "Bulkhead", "Guest") && method.Name.StartsWith("Allocate", System.StringComparison.Ordinal);
            }

            private static Location CallLocation(IOperation operation) =>
                operation.Syntax is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } ? access.Name.GetLocation() : operation.Syntax.GetLocation();

            private static string Display(IMethodSymbol method) =>
                (method.ContainingType != null ? method.ContainingType.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat) + "." : "") + method.Name;
        }
    }
}
