using System.CommandLine;
using Bulkhead.Build;
using Bulkhead.Systems;
using Bulkhead.Systems.BootMedia;

namespace Bulkhead.Cli.Commands;

/// <summary>`bulkhead image`: builds a system (or the bare hypervisor) and writes what to copy to the board.</summary>
public static class ImageCommand
{
    public static Command Create()
    {
        var board = CommonOptions.Board();
        var system = new Argument<FileInfo?>("system")
        {
            Description = "A system description to build and package; without one, the bare hypervisor for --board",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var format = new Option<string?>("--format", "-f")
        {
            Description = "rpi (Raspberry Pi SD boot folder: kernel8.img, config.txt) or uboot (Image, boot.scr, boot-tftp.scr); default: rpi for Raspberry Pi boards, uboot otherwise",
        };
        format.AcceptOnlyFromAmong([.. BootFormats.Names.Keys]);
        var output = new Option<DirectoryInfo?>("--output", "-o") { Description = "Folder to write into (default: out/boot/<system or board>-<format>/)" };
        var command = new Command("image", "Build and write the boot files a board needs (RPi boot folder or U-Boot Image + boot scripts), with a README.txt saying what to copy where");
        command.Arguments.Add(system);
        command.Options.Add(board);
        command.Options.Add(format);
        command.Options.Add(output);
        command.SetAction(parse =>
        {
            var repo = CommonOptions.Repo();
            NativeImage image;
            Config.Boards.Board target;
            string name, what;
            if (parse.GetValue(system) is FileInfo file)
            {
                TargetBuilder.Check(file.FullName);   // exit code 1 invalid, 2 unusable (docs/cli.md)
                var built = SystemBuilder.Build(repo, file.FullName, Terminal.Progress);
                (image, target) = (built.Hypervisor, built.Board);
                name = built.System.Config.Name?.Value ?? Path.GetFileNameWithoutExtension(file.Name);
                what = $"Bulkhead system '{name}'";
            }
            else
            {
                TargetBuilder.RequireBoard(repo, parse.GetValue(board)!);
                (image, target) = ImageBuilder.BuildHypervisor(repo, parse.GetValue(board)!, false, Terminal.Progress);
                name = target.Id;
                what = "Bulkhead hypervisor (no domains)";
            }
            BootFormat? chosen = parse.GetValue(format) is string f ? BootFormats.Names[f] : null;
            var effective = chosen ?? BootFormats.DefaultFor(target);
            string folder = parse.GetValue(output)?.FullName ?? BootImages.DefaultFolder(repo, name, effective);
            BootImages.Result result;
            // A refusal here is about the --format chosen for the board: bad usage (exit code 2).
            try { result = BootImages.Write(target, image, chosen, folder, what); }
            catch (BuildException e) { throw new UsageException(e.Message); }
            Console.WriteLine($"image: {result.Format.ToString().ToLowerInvariant()} boot files for board {target.Id} in {Path.GetRelativePath(Environment.CurrentDirectory, folder)}/ (README.txt says what to copy where)");
            foreach (var written in result.Files) Console.WriteLine($"  {Path.GetFileName(written)}");
            return 0;
        });
        return command;
    }
}
