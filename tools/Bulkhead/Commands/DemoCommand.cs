using Bulkhead.Systems;
using System.CommandLine;
using Bulkhead.Build;
using Bulkhead.Cli;

namespace Bulkhead.Cli.Commands;

public static class DemoCommand
{
    /// <summary>Three domains (sensor, control on two cores, telemetry) on QEMU virt with GICv3.</summary>
    public const string DemoSystem = "examples/systems/qemu-virt-gicv3.yaml";

    public static Command Create()
    {
        var timeout = CommonOptions.Timeout(60);
        var command = new Command("demo", "Set up, build and boot the demo system (examples/systems/qemu-virt-gicv3.yaml) in QEMU; exits when it powers off");
        command.Options.Add(timeout);
        command.SetAction(parse =>
        {
            var repo = CommonOptions.Repo();
            int setup = Setup.Run(repo, Terminal.Progress, fetchLinux: false);
            if (setup != 0) return ExitCodes.Failed;
            var system = SystemBuilder.Build(repo, Path.Combine(repo.Root, DemoSystem), Terminal.Progress);
            return RunCommand.Boot(repo, system.Hypervisor, system.Board, parse.GetValue(timeout), cores: null, cpu: "cortex-a72", gdbPort: null, json: false);
        });
        return command;
    }
}
