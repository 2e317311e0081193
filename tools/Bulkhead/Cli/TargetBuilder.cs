using Bulkhead.Build;
using Bulkhead.Config.Boards;
using Bulkhead.Config.Checking;
using Bulkhead.Systems;

namespace Bulkhead.Cli;

/// <summary>What `build` built (and `run` boots).</summary>
public sealed record BuiltTarget(NativeImage Hypervisor, Board Board, SystemBuilder.Result? System, ServiceFolder? Service, string? SystemFile)
{
    /// <summary>The service's own image, for a service folder.</summary>
    public string? ServiceImage(RepoLayout repo) => Service is null || System is null ? null
        : Path.Combine(repo.OutputRoot, "systems", Service.SystemName, Service.DomainName, "guest.bin");
}

/// <summary>Builds a <see cref="ProjectTarget"/>: a system, a service in its one-domain system, or a bare hypervisor.</summary>
public static class TargetBuilder
{
    public static BuiltTarget Build(RepoLayout repo, ProjectTarget target, string board, int cores, string memory, bool injectFault, TextWriter log)
    {
        var options = new HypervisorOptions { InjectFault = injectFault };
        if (target.SystemFile is { } file)
        {
            Check(file);
            var system = SystemBuilder.Build(repo, file, log, options);
            return new(system.Hypervisor, system.Board, system, null, file);
        }
        RequireBoard(repo, board);
        if (target.Service is { } service)
        {
            string generated = ProjectTarget.GenerateSystem(repo, service, board, cores, memory);
            log.WriteLine($"build: service {service.Name} ({Path.GetRelativePath(Environment.CurrentDirectory, service.Folder)}) alone on {board}: " +
                          $"{cores} core(s), {memory} ({Path.GetRelativePath(repo.Root, generated)})");
            Check(generated);
            var system = SystemBuilder.Build(repo, generated, log, options, service.Guest);
            return new(system.Hypervisor, system.Board, system, service, generated);
        }
        var (image, boardInfo) = ImageBuilder.BuildHypervisor(repo, board, injectFault, log);
        return new(image, boardInfo, null, null, null);
    }

    /// <summary>The checker's verdict first, so an invalid system exits 1 (unusable input 2) with located diagnostics.</summary>
    public static void Check(string file)
    {
        var result = Checker.CheckFile(file);
        if (result.ExitCode == 0) return;
        foreach (var d in result.Diagnostics.Sorted()) Console.Error.WriteLine(d);
        string verdict = result.ExitCode == ExitCodes.Usage ? "unusable" : "invalid";
        throw new CliException($"{Checker.Relative(file)}: {result.Diagnostics.ErrorCount} error(s); the system is {verdict}", result.ExitCode);
    }

    /// <summary>An unknown board is bad input (exit code 2), named with the known ones.</summary>
    public static void RequireBoard(RepoLayout repo, string board)
    {
        try { BoardTargets.LoadBoard(repo, board); }
        catch (BuildException e) { throw new UsageException(e.Message); }
    }
}
