namespace Bulkhead.Config.Diagnostics;

public enum Severity { Error, Warning }

/// <summary>
/// One finding. Printed as
/// <c>&lt;file&gt;:&lt;line&gt;:&lt;col&gt;: error BH0xx: &lt;field.path&gt;: &lt;what is wrong&gt;. &lt;how to fix it&gt;.</c>
/// Message and Fix are stored without the trailing period.
/// </summary>
public sealed record Diagnostic(Severity Severity, string Code, SourceSpan Where, string Path, string Message, string Fix)
{
    public override string ToString()
    {
        string sev = Severity == Severity.Error ? "error" : "warning";
        string path = string.IsNullOrEmpty(Path) ? "(document)" : Path;
        string fix = Fix.EndsWith('?') || Fix.EndsWith('.') ? Fix : Fix + ".";
        return $"{Where}: {sev} {Code}: {path}: {Message}. {fix}";
    }
}
