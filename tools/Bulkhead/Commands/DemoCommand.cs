using System.CommandLine;
using Bulkhead.Build;

namespace Bulkhead.Cli.Commands;

public static class DemoCommand
{
    public static Command Create()
    {
        var timeout = CommonOptions.Timeout(60);
        var command = new Command("demo", "Set up, build and boot the demo system in QEMU; exits when it powers off");
        command.Options.Add(timeout);
        command.SetAction(parse =>
        {
            var repo = RepoLayout.Find();
            int setup = Setup.Run(repo, Console.Out, fetchLinux: false);
            if (setup != 0) return setup;
            return RunCommand.Run(repo, BoardTargets.DefaultBoard, injectFault: false, parse.GetValue(timeout), cores: null, cpu: "cortex-a72", gdbPort: null);
        });
        return command;
    }
}
