using System.CommandLine;
using Bulkhead.Config.Boards;
using Bulkhead.Config.Checking;
using Bulkhead.Config.Diagnostics;
using Bulkhead.Config.Dtb;
using Bulkhead.Config.Planning;
using Bulkhead.Config.Reporting;

namespace Bulkhead.Cli.Commands;

/// <summary>
/// The 'check' and 'board' commands of the bulkhead tool. Exit codes: 0 = valid, 1 = invalid,
/// 2 = unusable input (missing file, YAML syntax error, corrupt DTB).
/// </summary>
public static class ConfigCommands
{
    public static Command CreateCheckCommand()
    {
        var system = new Argument<FileInfo>("system") { Description = "The system description (system.yaml)" };
        var json = new Option<bool>("--json") { Description = "Print the result (diagnostics, partition, interference) as JSON" };
        var html = new Option<FileInfo?>("--html") { Description = "Also write an HTML report with an SVG core and memory map" };
        var plan = new Option<FileInfo?>("--plan") { Description = "Also write the binary partition plan the hypervisor boots with" };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Print only diagnostics, not the partition table" };
        var cmd = new Command("check", "Check a system description against its board and print the partition table");
        cmd.Arguments.Add(system);
        cmd.Options.Add(json);
        cmd.Options.Add(html);
        cmd.Options.Add(plan);
        cmd.Options.Add(quiet);
        cmd.SetAction(pr => RunCheck(pr.GetValue(system)!, pr.GetValue(json), pr.GetValue(html), pr.GetValue(plan), pr.GetValue(quiet), Console.Out, Console.Error));
        return cmd;
    }

    public static int RunCheck(FileInfo system, bool json, FileInfo? html, FileInfo? plan, bool quiet, TextWriter stdout, TextWriter stderr)
    {
        string path = Checker.Relative(system.FullName);
        var result = Checker.CheckFile(path);
        if (json)
        {
            stdout.WriteLine(JsonReport.Render(result));
        }
        else
        {
            foreach (var d in result.Diagnostics.Sorted()) stderr.WriteLine(d);
            if (result.System is { } sys && !quiet) stdout.Write(TextReport.Render(sys));
            int errors = result.Diagnostics.ErrorCount, warnings = result.Diagnostics.Items.Count - errors;
            if (errors > 0) stderr.WriteLine($"{path}: {errors} error(s), {warnings} warning(s); the system is {(result.ExitCode == 2 ? "unusable" : "invalid")}");
        }
        if (result.System is { } ok)
        {
            if (html is not null) File.WriteAllText(html.FullName, HtmlReport.Render(ok));
            if (plan is not null) File.WriteAllBytes(plan.FullName, PlanWriter.Write(ok));
        }
        return result.ExitCode;
    }

    public static Command CreateBoardCommand()
    {
        var board = new Command("board", "Board descriptions: import one from a device tree, list or check them");

        var dtb = new Argument<FileInfo>("file.dtb") { Description = "A flattened device tree blob" };
        var output = new Option<FileInfo?>("--output", "-o") { Description = "Write the board YAML here instead of standard output" };
        var id = new Option<string?>("--id") { Description = "Board id (default: the DTB file name)" };
        var import = new Command("import", "Derive a board description from a real DTB");
        import.Arguments.Add(dtb);
        import.Options.Add(output);
        import.Options.Add(id);
        import.SetAction(pr => RunImport(pr.GetValue(dtb)!, pr.GetValue(output), pr.GetValue(id), Console.Out, Console.Error));
        board.Subcommands.Add(import);

        var list = new Command("list", "List the boards shipped in boards/");
        list.SetAction(_ => RunList(Console.Out, Console.Error));
        board.Subcommands.Add(list);

        var file = new Argument<FileInfo>("board.yaml") { Description = "A board description" };
        var check = new Command("check", "Validate a board description");
        check.Arguments.Add(file);
        check.SetAction(pr => RunBoardCheck(pr.GetValue(file)!, Console.Out, Console.Error));
        board.Subcommands.Add(check);
        return board;
    }

    public static int RunImport(FileInfo dtb, FileInfo? output, string? id, TextWriter stdout, TextWriter stderr)
    {
        string shown = Checker.Relative(dtb.FullName);
        Board board;
        List<string> notes;
        try
        {
            var result = BoardImporter.ImportFile(dtb.FullName, id);
            (board, notes) = result;
            if (result.UnsupportedConsole is { } unsupported)
            {
                stderr.WriteLine($"{shown}: error {Codes.DtbConsoleUnsupported}: {unsupported}. The board needs a console driver first (docs/porting.md); no board file was written.");
                return 1;
            }
        }
        catch (FdtFormatException e)
        {
            stderr.WriteLine($"{shown}: error {Codes.DtbInvalid}: offset 0x{e.Offset:X}: {e.Message}. Pass a valid flattened device tree (.dtb), e.g. from the kernel package or 'dtc -O dtb'.");
            return 2;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"{shown}:1:1: error {Codes.FileNotFound}: (document): cannot read the DTB ({e.GetType().Name}). Check the path and that the file is readable.");
            return 2;
        }
        string yaml = BoardWriter.Write(board, notes);
        foreach (var n in notes) stderr.WriteLine($"{shown}: note: {n}");
        if (output is null) stdout.Write(yaml);
        else
        {
            File.WriteAllText(output.FullName, yaml);
            stderr.WriteLine($"wrote {Checker.Relative(output.FullName)}: {board.Cores.Count} cores, {board.Ram.Count} RAM bank(s), {board.Devices.Count} devices");
        }
        return 0;
    }

    public static int RunList(TextWriter stdout, TextWriter stderr)
    {
        var folder = BoardLocator.BoardsFolder(Directory.GetCurrentDirectory());
        if (folder is null || !Directory.Exists(folder))
        {
            stderr.WriteLine("error: no boards/ folder found above the current directory");
            return 2;
        }
        foreach (var f in Directory.GetFiles(folder, "*.yaml").Order(StringComparer.Ordinal))
        {
            var bag = new DiagnosticBag();
            var b = BoardLoader.Load(f, Checker.Relative(f), bag);
            if (b is null || bag.HasErrors) { stdout.WriteLine($"{Path.GetFileNameWithoutExtension(f),-18} (invalid: run 'bulkhead board check {Checker.Relative(f)}')"); continue; }
            stdout.WriteLine($"{b.Id,-18} {b.Cores.Count} cores  {b.InterruptController.ToString().ToLowerInvariant(),-7}  {b.Devices.Count,4} devices  {b.Name}");
        }
        return 0;
    }

    public static int RunBoardCheck(FileInfo file, TextWriter stdout, TextWriter stderr)
    {
        var bag = new DiagnosticBag();
        string shown = Checker.Relative(file.FullName);
        var b = BoardLoader.Load(file.FullName, shown, bag);
        foreach (var d in bag.Sorted()) stderr.WriteLine(d);
        if (b is null || bag.Unusable) return 2;
        if (bag.HasErrors) return 1;
        stdout.WriteLine($"{shown}: board '{b.Id}' is valid: {b.Cores.Count} cores, {b.Ram.Count} RAM bank(s), {b.Devices.Count} devices");
        return 0;
    }
}
