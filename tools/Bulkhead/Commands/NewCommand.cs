using System.CommandLine;
using System.Text.RegularExpressions;
using Bulkhead.Build;
using Bulkhead.Cli;

namespace Bulkhead.Cli.Commands;

/// <summary>
/// `bulkhead new service &lt;name&gt; [-o dir]`: a new unikernel service from the SDK's
/// `bulkhead-service` template (unikernel-sdk/templates/service), instantiated with `dotnet new`.
/// The template lives in a hive under out/, so the user's own `dotnet new` list is not touched.
/// </summary>
public static partial class NewCommand
{
    /// <summary>The template's short name (unikernel-sdk/templates/service/.template.config/template.json).</summary>
    public const string TemplateShortName = "bulkhead-service";

    /// <summary>Exit code for a usage error (bad name, occupied folder), as elsewhere in the CLI.</summary>
    public const int UsageError = 2;

    /// <summary>The `new` command with its `service` subcommand.</summary>
    public static Command Create()
    {
        var name = new Argument<string>("name") { Description = "Service name: a letter, then letters, digits, '-' or '_' (also the folder name and `image: { builtin: <name> }`)" };
        var output = new Option<DirectoryInfo?>("--output", "-o") { Description = "Folder to create the service in (default: examples/<name> at the repository root, where system files find it; ./<name> elsewhere)" };
        var service = new Command("service", "Create a unikernel service folder: Program.cs (a periodic service), system.yaml (the service alone on QEMU virt), an IDE-only .csproj, a <name>.Tests/ unit-test project and a README");
        service.Arguments.Add(name);
        service.Options.Add(output);
        service.SetAction(parse => CreateService(CommonOptions.Repo(), parse.GetValue(name) ?? "", parse.GetValue(output)?.FullName, Console.Out, Console.Error));

        var command = new Command("new", "Create a new Bulkhead project from the SDK's templates");
        command.Subcommands.Add(service);
        return command;
    }

    /// <summary>Creates the service; returns 0, <see cref="UsageError"/>, or 1 when dotnet new fails.</summary>
    /// <param name="output">the service folder (default: see <see cref="DefaultFolder"/>)</param>
    /// <summary>
    /// At the repository root a new service goes to examples/&lt;name&gt;, where a domain's
    /// `image: { builtin: name }` finds it; anywhere else into ./&lt;name&gt;.
    /// </summary>
    public static string DefaultFolder(RepoLayout repo, string name) =>
        Path.GetFullPath(Environment.CurrentDirectory) == repo.Root
            ? Path.Combine(repo.Root, "examples", name)
            : Path.Combine(Environment.CurrentDirectory, name);

    public static int CreateService(RepoLayout repo, string name, string? output, TextWriter log, TextWriter error)
    {
        if (!ServiceName().IsMatch(name))
        {
            error.WriteLine($"bulkhead: '{name}' is not a valid service name: use a letter, then up to 31 letters, digits, '-' or '_' (e.g. sensor, brake-ctl).");
            return UsageError;
        }
        string folder = Path.GetFullPath(output ?? DefaultFolder(repo, name));
        if (File.Exists(folder) || Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any())
        {
            error.WriteLine($"bulkhead: {folder} already exists and is not empty: choose another name or folder (-o).");
            return UsageError;
        }

        string template = Path.Combine(repo.Root, "unikernel-sdk", "templates", "service");
        string hive = Path.Combine(repo.OutputRoot, "template-hive");
        Terminal.Progress.WriteLine($"new: dotnet new {TemplateShortName} (template unikernel-sdk/templates/service)");
        // --force: reinstalling is idempotent and picks up a template changed since the last run.
        var install = ProcessRunner.Run("dotnet", ["new", "install", template, "--force", "--debug:custom-hive", hive]);
        if (install.ExitCode != 0)
        {
            error.WriteLine($"bulkhead: installing the service template failed (dotnet new install, exit code {install.ExitCode}):\n{install.Output.TrimEnd()}");
            return 1;
        }

        var create = ProcessRunner.Run("dotnet", ["new", TemplateShortName, "--name", name, "--output", folder,
            "--SdkRoot", SdkRootFor(repo, folder), "--debug:custom-hive", hive]);
        if (create.ExitCode != 0)
        {
            error.WriteLine($"bulkhead: creating the service failed (dotnet new {TemplateShortName}, exit code {create.ExitCode}):\n{create.Output.TrimEnd()}");
            return 1;
        }

        log.WriteLine($"new: service '{name}' in {folder}");
        log.WriteLine($"  Program.cs       the service: Program.Main() runs on the domain's first vCPU");
        log.WriteLine($"  system.yaml      the service alone in one domain on qemu-virt-gicv3 (`bulkhead run system.yaml`)");
        log.WriteLine($"  {name}.csproj    for the IDE only (IntelliSense on the bare-metal API, BH1xxx analyzer)");
        log.WriteLine($"  {name}.Tests/    unit tests of its logic on the host (`dotnet test` there; fake clock, in-memory links)");
        log.WriteLine($"  README.md        how to build, run and debug it");
        log.WriteLine($"In the folder, `bulkhead build` builds its image and `bulkhead run` boots it alone in QEMU;");
        log.WriteLine($"`bulkhead run --host` (or `dotnet run`) runs it as a process on this machine (docs/host-mode.md).");
        log.WriteLine($"In a larger system it is a domain's `image: {{ builtin: {name} }}`; the build looks for the");
        log.WriteLine("folder next to the system file, in examples/ and in tests/guests/. Guide: docs/sdk.md.");
        return 0;
    }

    /// <summary>
    /// How the service's .csproj reaches the checkout: relative inside the checkout (it keeps
    /// working when the checkout moves), absolute for a service created elsewhere.
    /// </summary>
    public static string SdkRootFor(RepoLayout repo, string folder)
    {
        string relative = Path.GetRelativePath(folder, repo.Root);
        bool inside = !Path.IsPathRooted(relative) && relative.Split(Path.DirectorySeparatorChar).All(part => part == "..");
        return inside ? relative.Replace(Path.DirectorySeparatorChar, '/') : repo.Root;
    }

    // Also a valid folder name and close to a domain name (docs/schema/system.schema.json).
    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_-]{0,31}$")]
    private static partial Regex ServiceName();
}
