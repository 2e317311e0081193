using Bulkhead.Build;
using Bulkhead.Cli.Commands;

namespace Bulkhead.Sdk.Tests;

/// <summary>
/// A freshly created service's IDE project builds (`dotnet build`): the SDK sources, the IDE
/// stand-in and the analyzer form a consistent world, inside the checkout and outside it.
/// </summary>
[Collection(AnalyzerBuildCollection.Name)]
public class TemplateBuildTests
{
    private static readonly RepoLayout Repo = AnalyzerHarness.Repo;

    [Fact]
    public void A_service_created_outside_the_checkout_compiles_and_gets_analyzer_errors()
    {
        string parent = Directory.CreateTempSubdirectory("bh-new-").FullName;
        try
        {
            string folder = Path.Combine(parent, "brake-ctl");
            var log = new StringWriter();
            var error = new StringWriter();
            Assert.True(NewCommand.CreateService(Repo, "brake-ctl", folder, log, error) == 0, error.ToString());
            Assert.Equal(["Program.cs", "README.md", "brake-ctl.csproj", "system.yaml"],
                Directory.GetFiles(folder).Select(Path.GetFileName).Where(f => !f!.StartsWith('.')).Order(StringComparer.Ordinal));
            Assert.Contains("string.Concat(\"brake-ctl up on \"", File.ReadAllText(Path.Combine(folder, "Program.cs")));
            Assert.Contains($">{Repo.Root}</BulkheadSdkRoot>", File.ReadAllText(Path.Combine(folder, "brake-ctl.csproj")));

            // One build checks both: every error is in Bad.cs (so the SDK sources, the IDE stand-in and
            // Program.cs compile together), and the analyzer reports BH1014 there next to the compiler.
            File.WriteAllText(Path.Combine(folder, "Bad.cs"), "static class Bad { static void F() { lock (new object()) { } } }");
            var build = DotnetBuild(folder);
            var errors = build.Output.Split('\n').Where(l => l.Contains(": error ")).ToList();
            Assert.Contains(errors, l => l.Contains("error BH1014"));
            Assert.True(errors.All(l => l.Contains("Bad.cs(")), build.Output);
        }
        finally { Directory.Delete(parent, recursive: true); }
    }

    [Fact]
    public void A_service_created_inside_the_checkout_finds_the_sdk()
    {
        string parent = Path.Combine(Repo.OutputRoot, "sdk-tests");
        string folder = Path.Combine(parent, $"svc{Environment.ProcessId}");
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        try
        {
            var error = new StringWriter();
            Assert.True(NewCommand.CreateService(Repo, "probe", folder, TextWriter.Null, error) == 0, error.ToString());
            Assert.Contains(">../../..</BulkheadSdkRoot>", File.ReadAllText(Path.Combine(folder, "probe.csproj")));
            // Evaluation only (the build itself is covered above): the relative path reaches the checkout.
            var root = ProcessRunner.Run("dotnet", ["msbuild", "probe.csproj", "-getProperty:BulkheadSdkRoot", "-nodeReuse:false"], folder);
            Assert.True(root.ExitCode == 0, root.Output);
            Assert.Equal(Repo.Root.TrimEnd('/') + "/", root.Output.Trim());
        }
        finally { if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true); }
    }

    private static ProcessRunner.Result DotnetBuild(string folder) =>
        ProcessRunner.Run("dotnet", ["build", "--nologo", "-v", "quiet", "-clp:ErrorsOnly", "-nodeReuse:false"], folder);
}
