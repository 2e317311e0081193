using System.CommandLine;
using Bulkhead.Build;
using Bulkhead.Cli.Commands;
using Bulkhead.Emulation;

var root = new RootCommand($"Bulkhead {ProductInfo.Version}: a static-partitioning hypervisor in C#, for embedded and automotive boards");
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

try
{
    // Our own handler prints user errors without a stack trace.
    return root.Parse(args).Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (BuildException e)
{
    Console.Error.WriteLine($"bulkhead: {e.Message}");
    return 2;
}
catch (EmulatorMissingException e)
{
    Console.Error.WriteLine($"bulkhead: {e.Message}");
    return 2;
}
