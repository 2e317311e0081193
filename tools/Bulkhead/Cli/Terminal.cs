namespace Bulkhead.Cli;

/// <summary>
/// Where the tool writes: results on stdout, progress and errors on stderr (so `--json` stdout is
/// JSON only), ANSI colours only on a terminal and never with NO_COLOR (https://no-color.org).
/// </summary>
public static partial class Terminal
{
    /// <summary>Set from --verbose: also show each tool step (clang, csc, ilc, ld.lld) of a build.</summary>
    public static bool Verbose { get; set; }

    public static bool ColourOnStdout => Colourful(Console.IsOutputRedirected);
    public static bool ColourOnStderr => Colourful(Console.IsErrorRedirected);

    private static bool Colourful(bool redirected) =>
        !redirected && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"))
        && Environment.GetEnvironmentVariable("TERM") != "dumb";

    /// <summary>Progress of long steps (setup, downloads, builds) on stderr; tool steps only with --verbose.</summary>
    public static TextWriter Progress { get; } = new ProgressWriter(Console.Error);

    public static string Red(string text, bool colour) => colour ? $"\u001b[31m{text}\u001b[0m" : text;
    public static string Green(string text, bool colour) => colour ? $"\u001b[32m{text}\u001b[0m" : text;

    /// <summary>"bulkhead: message" on stderr, in red on a terminal.</summary>
    public static void Error(string message) => Console.Error.WriteLine(Red($"bulkhead: {message}", ColourOnStderr));

    /// <summary>
    /// Passes progress lines on to stderr; the builder's indented per-tool lines ("  guest: csc ...")
    /// only with --verbose.
    /// </summary>
    // NativeBuilder's per-tool lines (tools/Bulkhead.Build/NativeBuilder.cs).
    [System.Text.RegularExpressions.GeneratedRegex(@"^  \S+: (up to date|clang |ld\.lld|csc |ilc |managed code from)")]
    private static partial System.Text.RegularExpressions.Regex ToolStep();

    private sealed class ProgressWriter(TextWriter inner) : TextWriter
    {
        private readonly System.Text.StringBuilder _line = new();
        public override System.Text.Encoding Encoding => inner.Encoding;

        public override void Write(char value)
        {
            if (value == '\n') Flush();
            else _line.Append(value);
        }

        public override void Write(string? value)
        {
            foreach (char c in value ?? "") Write(c);
        }

        public override void WriteLine(string? value)
        {
            Write(value);
            Write('\n');
        }

        public override void Flush()
        {
            if (_line.Length == 0) return;
            string text = _line.ToString();
            _line.Clear();
            if (Verbose || !ToolStep().IsMatch(text)) inner.WriteLine(text);
        }
    }
}
