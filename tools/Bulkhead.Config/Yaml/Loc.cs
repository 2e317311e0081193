using Bulkhead.Config.Diagnostics;

namespace Bulkhead.Config.Yaml;

/// <summary>A value read from a file, with where it was written and its field path.</summary>
public sealed record Loc<T>(T Value, SourceSpan At, string Path);
