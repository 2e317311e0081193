using Bulkhead.Config.Diagnostics;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace Bulkhead.Config.Yaml;

/// <summary>Reads a YAML file into the representation model, which keeps a Mark on every node.</summary>
public static class YamlLoader
{
    /// <summary>Returns the root mapping, or null after reporting a fatal (exit code 2) diagnostic.</summary>
    public static YamlMappingNode? LoadMapping(string file, string displayName, DiagnosticBag bag, string whatItIs)
    {
        string text;
        try
        {
            text = File.ReadAllText(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            string why = e switch
            {
                FileNotFoundException or DirectoryNotFoundException => $"the {whatItIs} file does not exist",
                UnauthorizedAccessException => $"no permission to read the {whatItIs} file",
                _ => $"cannot read the {whatItIs} file ({e.Message.TrimEnd('.')})",
            };
            bag.Fatal(Codes.FileNotFound, new SourceSpan(displayName, 1, 1), "", why, "Check the path (relative paths start at the current directory) and that the file is readable");
            return null;
        }
        return ParseMapping(text, displayName, bag, whatItIs);
    }

    public static YamlMappingNode? ParseMapping(string text, string displayName, DiagnosticBag bag, string whatItIs)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            // YamlDotNet marks are 1-based; the innermost exception carries the real reason.
            Exception inner = e;
            while (inner.InnerException is YamlException deeper) inner = deeper;
            string reason = inner is YamlException ye ? CleanReason(ye.Message) : CleanReason(e.Message);
            var at = e.Start;
            string fix = reason.StartsWith("Duplicate key", StringComparison.Ordinal)
                ? "Each field may appear once per mapping: remove or rename one of them"
                : "Fix the YAML syntax at this position (indentation, a missing ':' or an unclosed quote or bracket are the usual causes)";
            bag.Fatal(Codes.YamlSyntax, new SourceSpan(displayName, Math.Max(1, (int)at.Line), Math.Max(1, (int)at.Column)), "",
                $"YAML syntax error: {reason}", fix);
            return null;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            // The representation model sometimes fails without a position; the bare parser finds it.
            var located = FindSyntaxError(text);
            if (located is { } l)
                bag.Fatal(Codes.YamlSyntax, new SourceSpan(displayName, Math.Max(1, (int)l.At.Line), Math.Max(1, (int)l.At.Column)), "",
                    $"YAML syntax error: {l.Reason}", "Fix the YAML syntax at this position (an unclosed '[' or '{' is a common cause)");
            else
                bag.Fatal(Codes.YamlSyntax, new SourceSpan(displayName, 1, 1), "", $"YAML could not be loaded: {CleanReason(e.Message)}",
                    "Fix the YAML structure (duplicate keys are a common cause)");
            return null;
        }

        if (stream.Documents.Count == 0)
        {
            bag.Fatal(Codes.NotAMapping, new SourceSpan(displayName, 1, 1), "", $"the {whatItIs} file is empty",
                $"Write the {whatItIs} as a YAML mapping (see docs/config.md)");
            return null;
        }
        if (stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            var n = stream.Documents[0].RootNode;
            bag.Fatal(Codes.NotAMapping, Span.Of(displayName, n), "", $"the {whatItIs} file must be a YAML mapping of fields, not a {Span.KindName(n)}",
                $"Write the {whatItIs} as 'field: value' lines (see docs/config.md)");
            return null;
        }
        return root;
    }

    /// <summary>
    /// Replays the text through the bare parser to locate an error the representation model
    /// reported without a position (YamlDotNet's scanner can throw InvalidOperationException).
    /// Blames the innermost flow collection still open, else the last event that parsed.
    /// </summary>
    static (Mark At, string Reason)? FindSyntaxError(string text)
    {
        var openFlows = new Stack<Mark>();
        Mark last = Mark.Empty;
        try
        {
            var parser = new Parser(new StringReader(text));
            while (parser.MoveNext())
            {
                var ev = parser.Current!;
                last = ev.Start;
                if (ev is SequenceStart { Style: SequenceStyle.Flow } or MappingStart { Style: MappingStyle.Flow }) openFlows.Push(ev.Start);
                else if (ev is SequenceEnd or MappingEnd && openFlows.Count > 0) openFlows.Pop();   // block collections cannot end inside a flow one
            }
            return null;
        }
        catch (YamlException e) { return (e.Start, CleanReason(e.Message)); }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return openFlows.Count > 0 ? (openFlows.Peek(), "this '[' or '{' is never closed") : (last, "unexpected content after this point");
        }
    }

    static string CleanReason(string message)
    {
        // YamlDotNet prefixes "(Line: 3, Col: 5, Idx: ..) - (...): "; the location is printed separately.
        int i = message.LastIndexOf("): ", StringComparison.Ordinal);
        string m = i >= 0 ? message[(i + 3)..] : message;
        return m.Trim().TrimEnd('.');
    }
}

/// <summary>Helpers turning YamlDotNet marks into our spans.</summary>
public static class Span
{
    public static SourceSpan Of(string file, YamlNode node) =>
        new(file, Math.Max(1, (int)node.Start.Line), Math.Max(1, (int)node.Start.Column));

    public static string KindName(YamlNode n) => n switch
    {
        YamlMappingNode => "mapping",
        YamlSequenceNode => "list",
        YamlScalarNode s when string.IsNullOrEmpty(s.Value) => "empty value",
        YamlScalarNode => "scalar",
        _ => "node",
    };
}
