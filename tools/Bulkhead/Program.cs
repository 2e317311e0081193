using System.CommandLine;
using Bulkhead.Build;
using Bulkhead.Cli;
using Bulkhead.Cli.Commands;
using Bulkhead.Emulation;

// Exit codes (docs/cli.md): 0 ok, 1 the system failed or is invalid, 2 bad usage or input, 124 timeout.
var root = new RootCommand($"Bulkhead {ProductInfo.Version}: a static-partitioning hypervisor in C#, for embedded and automotive boards");
root.Options.Add(CommonOptions.Verbose);
root.Subcommands.Add(SetupCommand.Create());
root.Subcommands.Add(BuildCommand.Create());
root.Subcommands.Add(ImageCommand.Create());
root.Subcommands.Add(RunCommand.Create());
root.Subcommands.Add(DemoCommand.Create());
root.Subcommands.Add(TestCommand.Create());
root.Subcommands.Add(BenchCommand.Create());
root.Subcommands.Add(NewCommand.Create());
root.Subcommands.Add(ConfigCommands.CreateCheckCommand());
root.Subcommands.Add(ConfigCommands.CreateBoardCommand());
root.Subcommands.Add(CtlCommand.Create());
ExitCodesHelp.Install(root);
ProductVersion.Install(root);

var parse = root.Parse(args);
if (parse.Errors.Count > 0 && parse.Action is System.CommandLine.Invocation.ParseErrorAction)
{
    foreach (var error in parse.Errors) Terminal.Error(error.Message);
    var names = new List<string>();
    for (var result = parse.CommandResult; result != null; result = result.Parent as System.CommandLine.Parsing.CommandResult)
        names.Insert(0, result.Command == root ? "bulkhead" : result.Command.Name);
    Console.Error.WriteLine($"Try '{string.Join(' ', names)} --help'.");
    return ExitCodes.Usage;
}
Terminal.Verbose = parse.GetValue(CommonOptions.Verbose);

try
{
    // Our own handler prints user errors without a stack trace.
    return parse.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (CliException e)
{
    if (e.Message.Length > 0) Terminal.Error(e.Message);
    return e.ExitCode;
}
catch (BuildException e)
{
    // A build that failed: the system (its services, its memory) is not buildable.
    Terminal.Error(e.Message);
    return ExitCodes.Failed;
}
catch (EmulatorMissingException e)
{
    Terminal.Error(e.Message);
    return ExitCodes.Usage;
}
