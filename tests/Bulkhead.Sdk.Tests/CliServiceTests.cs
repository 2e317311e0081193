using System.Text.Json;

namespace Bulkhead.Sdk.Tests;

/// <summary>
/// A service folder is a project, tried as a new user would: `bulkhead new service`, then from
/// inside the folder (as `../bulkhead`) `build` and `run`, and the folder's own system.yaml.
/// The service is created once (outside the checkout) and booted once, plus one short timeout run.
/// </summary>
[Collection(AnalyzerBuildCollection.Name)]
public class CliServiceTests(CliServiceTests.NewService service) : IClassFixture<CliServiceTests.NewService>
{
    public const string Name = "hello-svc";

    /// <summary>`bulkhead new service hello-svc` in a temporary folder; removed after the tests.</summary>
    public sealed class NewService : IDisposable
    {
        public string Parent { get; } = Directory.CreateTempSubdirectory("bh-cli-").FullName;
        public string Folder => Path.Combine(Parent, Name);
        public CliProcess.Result Created { get; }

        public NewService() => Created = CliProcess.Run(Parent, "new", "service", Name);

        public void Dispose() => Directory.Delete(Parent, recursive: true);
    }

    /// <summary>The script as a user inside the folder calls it: by a path, working directory = the service.</summary>
    private CliProcess.Result InFolder(params string[] args) => CliProcess.Run(service.Folder, args);

    [Fact]
    public void New_service_writes_a_system_file_that_checks()
    {
        Assert.True(service.Created.ExitCode == 0, service.Created.ToString());
        Assert.Contains("system.yaml", service.Created.Stdout);
        Assert.Equal(["Program.cs", "README.md", "hello-svc.csproj", "system.yaml"],
            Directory.GetFiles(service.Folder).Select(Path.GetFileName).Where(f => !f!.StartsWith('.')).Order(StringComparer.Ordinal));

        var check = InFolder("check", "system.yaml", "--quiet");
        Assert.True(check.ExitCode == 0, check.ToString());
    }

    [Fact]
    public void Run_inside_the_folder_boots_the_service_alone_and_exits_0_at_power_off()
    {
        var r = InFolder("run", "--timeout", "60");

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains($"[{Name}] {Name} up on {Name}, every 100 ms\n", r.Stdout);
        Assert.Contains($"[{Name}] tick 20 at ", r.Stdout);
        Assert.Contains($"[{Name}] {Name} done\n", r.Stdout);
        Assert.Contains("hv: no domain left running, powering off", r.Stdout);
        // Progress on stderr: what was built and how it booted.
        Assert.Contains($"build: service {Name} (.) alone on qemu-virt-gicv3: 1 core(s), 32M", r.Stderr);
        Assert.Contains("run: system powered off after", r.Stderr);
        Assert.DoesNotContain("build:", r.Stdout);
    }

    [Fact]
    public void Build_inside_the_folder_builds_the_service_image()
    {
        var r = InFolder("build", "--json");

        Assert.True(r.ExitCode == 0, r.ToString());
        using var doc = JsonDocument.Parse(r.Stdout);   // stdout is JSON only
        var root = doc.RootElement;
        Assert.Equal("service", root.GetProperty("kind").GetString());
        Assert.Equal(Name, root.GetProperty("service").GetProperty("name").GetString());
        string image = root.GetProperty("service").GetProperty("image").GetString()!;
        Assert.True(new FileInfo(image).Length > 4096, image);
        Assert.Equal(Name, Assert.Single(root.GetProperty("domains").EnumerateArray()).GetProperty("name").GetString());
        Assert.Contains($"build: domain {Name}: service {Name}", r.Stderr);

        var text = InFolder("build");
        Assert.True(text.ExitCode == 0, text.ToString());
        Assert.StartsWith($"built service {Name}: ", text.Stdout);
    }

    [Fact]
    public void The_folders_system_file_builds_with_the_service_from_this_folder()
    {
        var r = CliProcess.Run(service.Parent, "build", Path.Combine(Name, "system.yaml"), "--json");

        Assert.True(r.ExitCode == 0, r.ToString());
        using var doc = JsonDocument.Parse(r.Stdout);
        Assert.Equal("system", doc.RootElement.GetProperty("kind").GetString());
        Assert.Contains($"build: domain {Name}: service {Name}", r.Stderr);
    }

    [Fact]
    public void A_run_that_does_not_power_off_in_time_exits_124()
    {
        var r = CliProcess.Run(service.Parent, "run", Name, "--timeout", "1");

        Assert.True(r.ExitCode == 124, r.ToString());
        Assert.Contains("run: no power-off within 1 s; emulator stopped", r.Stderr);
    }

    [Fact]
    public void Bad_service_options_are_usage_errors()
    {
        var r = InFolder("build", "--memory", "lots");
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains("--memory lots", r.Stderr);
    }
}
