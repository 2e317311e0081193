using Bulkhead.Systems;
using System.CommandLine;
using Bulkhead.Build;

namespace Bulkhead.Cli.Commands;

public static class BuildCommand
{
    public static Command Create()
    {
        var board = CommonOptions.Board();
        var fault = CommonOptions.InjectFault();
        var system = new Argument<FileInfo?>("system")
        {
            Description = "A system description: builds every domain's guest image, the plan and the hypervisor (under out/systems/<name>/)",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var command = new Command("build", "Build a system (guests, plan, hypervisor) or, without one, the bare hypervisor for a board (under out/<board>/)");
        command.Arguments.Add(system);
        command.Options.Add(board);
        command.Options.Add(fault);
        command.SetAction(parse =>
        {
            var repo = RepoLayout.Find();
            NativeImage image;
            if (parse.GetValue(system) is FileInfo file)
            {
                var built = SystemBuilder.Build(repo, file.FullName, Console.Out, new HypervisorOptions { InjectFault = parse.GetValue(fault) });
                image = built.Hypervisor;
                foreach (var domain in built.System.Domains.Where(d => d.ImageSize > 0))
                    Console.WriteLine($"  domain   {domain.Name}: {domain.ImageSize} bytes at 0x{domain.LoadAddress:x} (CRC-32 0x{domain.ImageCrc:x8})");
                Console.WriteLine($"  plan     {Path.GetRelativePath(repo.Root, built.PlanFile)}");
            }
            else image = ImageBuilder.BuildHypervisor(repo, parse.GetValue(board)!, parse.GetValue(fault), Console.Out).Image;
            var elf = ElfFile.Read(image.Elf);
            Console.WriteLine($"  ELF      {Path.GetRelativePath(repo.Root, image.Elf)}  (entry 0x{elf.Entry:x}, {elf.LoadedBytes} bytes loaded)");
            Console.WriteLine($"  binary   {Path.GetRelativePath(repo.Root, image.RawBinary)}  ({new FileInfo(image.RawBinary).Length} bytes)");
            Console.WriteLine($"  maps     {Path.GetRelativePath(repo.Root, image.LinkMap)}, {Path.GetRelativePath(repo.Root, image.ManagedMap)}");
            return 0;
        });
        return command;
    }
}
