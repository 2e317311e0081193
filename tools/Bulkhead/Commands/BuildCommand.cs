using System.CommandLine;
using Bulkhead.Build;

namespace Bulkhead.Cli.Commands;

public static class BuildCommand
{
    public static Command Create()
    {
        var board = CommonOptions.Board();
        var fault = CommonOptions.InjectFault();
        var command = new Command("build", "Build the hypervisor image for a board (ELF, raw binary, map files under out/<board>/)");
        command.Options.Add(board);
        command.Options.Add(fault);
        command.SetAction(parse =>
        {
            var repo = RepoLayout.Find();
            var (image, _) = ImageBuilder.BuildHypervisor(repo, parse.GetValue(board)!, parse.GetValue(fault), Console.Out);
            var elf = ElfFile.Read(image.Elf);
            Console.WriteLine($"  ELF      {Path.GetRelativePath(repo.Root, image.Elf)}  (entry 0x{elf.Entry:x}, {elf.LoadedBytes} bytes loaded)");
            Console.WriteLine($"  binary   {Path.GetRelativePath(repo.Root, image.RawBinary)}  ({new FileInfo(image.RawBinary).Length} bytes)");
            Console.WriteLine($"  maps     {Path.GetRelativePath(repo.Root, image.LinkMap)}, {Path.GetRelativePath(repo.Root, image.ManagedMap)}");
            return 0;
        });
        return command;
    }
}
