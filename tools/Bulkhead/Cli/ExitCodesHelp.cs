using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace Bulkhead.Cli;

/// <summary>Every command's --help: System.CommandLine's help, then the exit codes (docs/cli.md).</summary>
public sealed class ExitCodesHelp(HelpAction standard) : SynchronousCommandLineAction
{
    public override int Invoke(ParseResult parseResult)
    {
        int exit = standard.Invoke(parseResult);
        parseResult.InvocationConfiguration.Output.WriteLine(ExitCodes.HelpSection);
        return exit;
    }

    /// <summary>Wraps the help option of <paramref name="root"/> (it is recursive: one for every command).</summary>
    public static void Install(RootCommand root)
    {
        foreach (var help in root.Options.OfType<HelpOption>())
            if (help.Action is HelpAction standard) help.Action = new ExitCodesHelp(standard);
    }
}
