using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Bulkhead.Analyzers
{
    /// <summary>Name helpers for rules that must work on code that did not bind.</summary>
    internal static class SyntaxNames
    {
        /// <summary>The last identifier of a (possibly qualified or aliased) name: "ThreadStatic" for System.ThreadStatic.</summary>
        public static string Rightmost(NameSyntax name) => name switch
        {
            QualifiedNameSyntax q => q.Right.Identifier.ValueText,
            AliasQualifiedNameSyntax a => a.Name.Identifier.ValueText,
            SimpleNameSyntax s => s.Identifier.ValueText,
            _ => name.ToString(),
        };

        /// <summary>The dotted text of a name without trivia: "System.Linq" for `System . Linq`.</summary>
        public static string Dotted(NameSyntax name) => name switch
        {
            QualifiedNameSyntax q => Dotted(q.Left) + "." + q.Right.Identifier.ValueText,
            AliasQualifiedNameSyntax a => a.Name.Identifier.ValueText,
            SimpleNameSyntax s => s.Identifier.ValueText,
            _ => name.ToString(),
        };
    }
}
