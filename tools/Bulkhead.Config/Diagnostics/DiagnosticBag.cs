namespace Bulkhead.Config.Diagnostics;

/// <summary>Collects every finding of a run so all mistakes are reported at once.</summary>
public sealed class DiagnosticBag
{
    readonly List<Diagnostic> _items = new();

    /// <summary>Set when the input could not be read or parsed at all (exit code 2).</summary>
    public bool Unusable { get; private set; }

    public IReadOnlyList<Diagnostic> Items => _items;
    public bool HasErrors => _items.Any(d => d.Severity == Severity.Error);
    public int ErrorCount => _items.Count(d => d.Severity == Severity.Error);

    // The same finding at the same place is reported once (both directions of a link share their fields).
    public void Error(string code, SourceSpan where, string path, string message, string fix) =>
        Add(new Diagnostic(Severity.Error, code, where, path, message, fix));

    public void Warning(string code, SourceSpan where, string path, string message, string fix) =>
        Add(new Diagnostic(Severity.Warning, code, where, path, message, fix));

    public void Fatal(string code, SourceSpan where, string path, string message, string fix)
    {
        Unusable = true;
        Error(code, where, path, message, fix);
    }

    public void Add(Diagnostic d)
    {
        if (!_items.Contains(d)) _items.Add(d);
    }

    /// <summary>Errors sorted by file and position, so output reads top to bottom.</summary>
    public IEnumerable<Diagnostic> Sorted() =>
        _items.OrderBy(d => d.Where.File, StringComparer.Ordinal).ThenBy(d => d.Where.Line).ThenBy(d => d.Where.Column);
}
