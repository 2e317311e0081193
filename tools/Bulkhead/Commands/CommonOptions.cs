using Bulkhead.Build;
using Bulkhead.Cli;
using Bulkhead.Systems;
using System.CommandLine;

namespace Bulkhead.Cli.Commands;

/// <summary>Options several commands share.</summary>
public static class CommonOptions
{
    /// <summary>On the root command, for every command: show each tool step of a build, and more detail.</summary>
    public static readonly Option<bool> Verbose = new("--verbose", "-v")
    {
        Description = "Show every build step (clang, csc, ilc, ld.lld) and more detail on stderr",
        Recursive = true,
    };

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
        Description = $"Stop the emulator after this many seconds (exit code {ExitCodes.Timeout}); default {seconds}",
        DefaultValueFactory = _ => seconds,
    };

    /// <summary>Cores of a service's generated one-domain system.</summary>
    public static Option<int> ServiceCores() => new("--cores")
    {
        Description = "For a service folder: the cores its one domain gets (the board's first N; default 1)",
        DefaultValueFactory = _ => 1,
    };

    /// <summary>Memory of a service's generated one-domain system.</summary>
    public static Option<string> ServiceMemory() => new("--memory")
    {
        Description = "For a service folder: its domain's RAM, e.g. 32M (default), 512K, 1G",
        DefaultValueFactory = _ => "32M",
    };

    /// <summary>What build and run act on.</summary>
    public static Argument<string?> Target(string verb) => new("system-or-service")
    {
        Description = $"A system description (.yaml) or a service folder to {verb}; default: the service in the current folder, " +
                      "else the bare hypervisor for --board",
        Arity = ArgumentArity.ZeroOrOne,
    };

    /// <summary>The checkout the tool works in (bad usage when there is none).</summary>
    public static RepoLayout Repo()
    {
        try { return RepoLayout.Find(); }
        catch (BuildException e) { throw new UsageException(e.Message); }
    }
}
