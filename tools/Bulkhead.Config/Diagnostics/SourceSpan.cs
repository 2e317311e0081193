namespace Bulkhead.Config.Diagnostics;

/// <summary>A position in an input file; line and column are 1-based like editors show them.</summary>
public readonly record struct SourceSpan(string File, int Line, int Column)
{
    public override string ToString() => $"{File}:{Line}:{Column}";
}
