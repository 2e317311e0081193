using System.CommandLine;
using System.Text.Json;
using Bulkhead.Build;
using Bulkhead.Cli;

namespace Bulkhead.Cli.Commands;

/// <summary>
/// `bulkhead build [system.yaml | service-folder]`: a system, a service (in its one-domain system),
/// or the bare hypervisor for a board. Progress on stderr, what was built on stdout (or JSON).
/// </summary>
public static class BuildCommand
{
    public static Command Create()
    {
        var board = CommonOptions.Board();
        var fault = CommonOptions.InjectFault();
        var cores = CommonOptions.ServiceCores();
        var memory = CommonOptions.ServiceMemory();
        var json = new Option<bool>("--json") { Description = "Print what was built as one JSON object on stdout (progress stays on stderr)" };
        var target = CommonOptions.Target("build");
        var command = new Command("build",
            "Build a system (guests, plan, hypervisor under out/systems/<name>/), a service folder (its image, in a one-domain " +
            "system on --board) or, with neither, the bare hypervisor for --board (under out/<board>/)");
        command.Arguments.Add(target);
        foreach (var o in new Option[] { board, cores, memory, fault, json }) command.Options.Add(o);
        command.SetAction(parse =>
        {
            var repo = CommonOptions.Repo();
            var what = ProjectTarget.Resolve(repo, parse.GetValue(target));
            var built = TargetBuilder.Build(repo, what, parse.GetValue(board)!, parse.GetValue(cores), parse.GetValue(memory)!, parse.GetValue(fault), Terminal.Progress);
            if (parse.GetValue(json)) Console.WriteLine(Json(repo, built));
            else Report(repo, built, Console.Out);
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>A path as the user can use it: relative to the current folder when below it or the checkout, else absolute.</summary>
    private static string Shown(RepoLayout repo, string path)
    {
        string here = Path.GetRelativePath(Environment.CurrentDirectory, path);
        if (!here.StartsWith("..", StringComparison.Ordinal)) return here;
        return Environment.CurrentDirectory == repo.Root || Environment.CurrentDirectory.StartsWith(repo.Root + "/", StringComparison.Ordinal)
            ? here : path;
    }

    /// <summary>What was built, in words: a service, a system, or the bare hypervisor (said so).</summary>
    public static void Report(RepoLayout repo, BuiltTarget built, TextWriter stdout)
    {
        if (built.Service is { } service)
        {
            string image = built.ServiceImage(repo)!;
            stdout.WriteLine($"built service {service.Name}: {Shown(repo, image)} ({new FileInfo(image).Length} bytes), " +
                             $"alone in a one-domain system on {built.Board.Id} (`bulkhead run` boots it)");
        }
        else if (built.System is { } system)
            stdout.WriteLine($"built system {Config.Checking.Checker.Relative(built.SystemFile!)} on {built.Board.Id}: {system.System.Domains.Count} domain(s)");
        else
            stdout.WriteLine($"built the bare hypervisor for {built.Board.Id} (no system or service given, and none in this folder; " +
                             "`bulkhead build <system.yaml | service-folder>` builds one)");
        if (built.System is { } s)
        {
            foreach (var domain in s.System.Domains.Where(d => d.ImageSize > 0))
                stdout.WriteLine($"  domain   {domain.Name}: {domain.ImageSize} bytes at 0x{domain.LoadAddress:x} (CRC-32 0x{domain.ImageCrc:x8})");
            stdout.WriteLine($"  plan     {Shown(repo, s.PlanFile)}");
        }
        var hv = built.Hypervisor;
        var elf = ElfFile.Read(hv.Elf);
        stdout.WriteLine($"  ELF      {Shown(repo, hv.Elf)}  (entry 0x{elf.Entry:x}, {elf.LoadedBytes} bytes loaded)");
        stdout.WriteLine($"  binary   {Shown(repo, hv.RawBinary)}  ({new FileInfo(hv.RawBinary).Length} bytes)");
        stdout.WriteLine($"  maps     {Shown(repo, hv.LinkMap)}, {Shown(repo, hv.ManagedMap)}");
    }

    /// <summary>The same facts as one JSON object (docs/cli.md).</summary>
    public static string Json(RepoLayout repo, BuiltTarget built)
    {
        var elf = ElfFile.Read(built.Hypervisor.Elf);
        var value = new Dictionary<string, object?>
        {
            ["kind"] = built.Service != null ? "service" : built.System != null ? "system" : "hypervisor",
            ["board"] = built.Board.Id,
            ["system"] = built.SystemFile,
            ["service"] = built.Service is { } service
                ? new Dictionary<string, object?> { ["name"] = service.Name, ["folder"] = service.Folder, ["image"] = built.ServiceImage(repo) }
                : null,
            ["domains"] = built.System?.System.Domains.Where(d => d.ImageSize > 0).Select(d => new Dictionary<string, object?>
            {
                ["name"] = d.Name, ["bytes"] = d.ImageSize, ["load_address"] = $"0x{d.LoadAddress:x}", ["crc32"] = $"0x{d.ImageCrc:x8}",
            }).ToList(),
            ["plan"] = built.System?.PlanFile,
            ["hypervisor"] = new Dictionary<string, object?>
            {
                ["elf"] = built.Hypervisor.Elf, ["binary"] = built.Hypervisor.RawBinary, ["entry"] = $"0x{elf.Entry:x}",
                ["bytes"] = new FileInfo(built.Hypervisor.RawBinary).Length,
            },
        };
        return JsonSerializer.Serialize(value, new JsonSerializerOptions { WriteIndented = true });
    }
}
