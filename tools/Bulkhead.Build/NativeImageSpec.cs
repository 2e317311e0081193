namespace Bulkhead.Build;

/// <summary>
/// Everything that goes into one bare-metal image. All C# sources (core library included) are
/// compiled into one assembly, which is also ILCompiler's system module — as bflat does.
/// </summary>
public sealed record NativeImageSpec
{
    /// <summary>Image name: also the assembly and system-module name.</summary>
    public required string Name { get; init; }
    public required TargetArch Arch { get; init; }
    public required IReadOnlyList<string> CSharpSources { get; init; }
    public IReadOnlyList<string> AsmSources { get; init; } = [];
    public IReadOnlyList<string> IncludeDirectories { get; init; } = [];
    public required string LinkerScript { get; init; }
    /// <summary>Symbols given to the linker with --defsym (addresses from the board).</summary>
    public IReadOnlyDictionary<string, ulong> LinkerSymbols { get; init; } = new Dictionary<string, ulong>();
    /// <summary>C# files generated for this build (file name -> text), e.g. board constants.</summary>
    public IReadOnlyDictionary<string, string> GeneratedSources { get; init; } = new Dictionary<string, string>();
    /// <summary>Assembly files generated for this build (file name -> text), e.g. the embedded payload.</summary>
    public IReadOnlyDictionary<string, string> GeneratedAsm { get; init; } = new Dictionary<string, string>();
    /// <summary>Files the build reads indirectly (e.g. through .incbin): part of the up-to-date check.</summary>
    public IReadOnlyList<string> ExtraInputs { get; init; } = [];
    /// <summary>Preprocessor symbols given to csc (e.g. BULKHEAD_RICH for the rich C# profile).</summary>
    public IReadOnlyList<string> Defines { get; init; } = [];
    /// <summary>Roslyn analyzers run by csc (the SDK's bare-metal rules: unsupported C# is a build error).</summary>
    public IReadOnlyList<string> Analyzers { get; init; } = [];
    /// <summary>Where the outputs go (created if missing).</summary>
    public required string OutputDirectory { get; init; }
    /// <summary>
    /// When set, the compiled managed object is kept here under a hash of the C# inputs, so images
    /// that differ only in linking (e.g. one guest service placed in several domains) compile once.
    /// </summary>
    public string? CompileCacheDirectory { get; init; }
    /// <summary>
    /// Link a table naming the image's types (TypeNameTable: exception reports in rich services;
    /// GuestBuild sets it for rich-profile images).
    /// </summary>
    public bool TypeNameTable { get; init; }
}

/// <summary>The files one build produced.</summary>
public sealed record NativeImage(string Elf, string RawBinary, string ManagedMap, string LinkMap, bool WasUpToDate);
