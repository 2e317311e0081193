using Bulkhead.Systems;
using System.CommandLine;
using Bulkhead.Build;

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
            var repo = RepoLayout.Find();
            int setup = Setup.Run(repo, Console.Out, fetchLinux: false);
            if (setup != 0) return setup;
            var system = SystemBuilder.Build(repo, Path.Combine(repo.Root, DemoSystem), Console.Out);
            return RunCommand.Boot(repo, system.Hypervisor, system.Board, parse.GetValue(timeout), cores: null, cpu: "cortex-a72", gdbPort: null, json: false);
        });
        return command;
    }
}
