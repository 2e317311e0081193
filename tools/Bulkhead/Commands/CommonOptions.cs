using Bulkhead.Systems;
using System.CommandLine;

namespace Bulkhead.Cli.Commands;

/// <summary>Options several commands share.</summary>
public static class CommonOptions
{
    public static Option<string> Board() => new("--board", "-b")
    {
        Description = "Board id (a file in boards/) or a board YAML file",
        DefaultValueFactory = _ => BoardTargets.DefaultBoard,
    };

    public static Option<bool> InjectFault() => new("--inject-fault")
    {
        Description = "Build a hypervisor that takes an EL2 data abort after its banner (tests the panic path)",
    };

    public static Option<int> Timeout(int seconds) => new("--timeout")
    {
        Description = "Stop the emulator after this many seconds (exit code 124)",
        DefaultValueFactory = _ => seconds,
    };
}
