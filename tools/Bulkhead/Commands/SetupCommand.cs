using System.CommandLine;
using Bulkhead.Build;
using Bulkhead.Systems;

namespace Bulkhead.Cli.Commands;

public static class SetupCommand
{
    public static Command Create()
    {
        var command = new Command("setup", "Install what a fresh machine lacks: Debian packages (as root), NuGet packages, Debian's arm64 kernel package");
        command.SetAction(_ => Setup.Run(RepoLayout.Find(), Console.Out));
        return command;
    }
}
