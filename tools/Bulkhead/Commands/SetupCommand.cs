using System.CommandLine;
using Bulkhead.Build;
using Bulkhead.Cli;
using Bulkhead.Systems;

namespace Bulkhead.Cli.Commands;

public static class SetupCommand
{
    public static Command Create()
    {
        var command = new Command("setup", "Install what a fresh machine lacks: Debian packages (as root), NuGet packages, Debian's arm64 kernel package");
        // Progress on stderr; 1 when something could not be installed.
        command.SetAction(_ => Setup.Run(CommonOptions.Repo(), Terminal.Progress) == 0 ? ExitCodes.Ok : ExitCodes.Failed);
        return command;
    }
}
