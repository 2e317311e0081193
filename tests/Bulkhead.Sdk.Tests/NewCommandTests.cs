using Bulkhead.Build;
using Bulkhead.Cli.Commands;

namespace Bulkhead.Sdk.Tests;

/// <summary>`bulkhead new service`: clear usage errors, and where the service's project finds the SDK.</summary>
public class NewCommandTests
{
    private static readonly RepoLayout Repo = AnalyzerHarness.Repo;

    [Theory]
    [InlineData("9lives")]
    [InlineData("my service")]
    [InlineData("../escape")]
    [InlineData("")]
    public void A_bad_name_is_a_usage_error(string name)
    {
        var error = new StringWriter();
        Assert.Equal(2, NewCommand.CreateService(Repo, name, Path.Combine(Path.GetTempPath(), "unused"), TextWriter.Null, error));
        Assert.Contains("is not a valid service name", error.ToString());
    }

    [Fact]
    public void An_existing_non_empty_folder_is_a_usage_error()
    {
        string folder = Directory.CreateTempSubdirectory("bh-new-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "Program.cs"), "// mine");
            var error = new StringWriter();
            Assert.Equal(2, NewCommand.CreateService(Repo, "sensor", folder, TextWriter.Null, error));
            Assert.Contains("already exists and is not empty", error.ToString());
            Assert.Equal("// mine", File.ReadAllText(Path.Combine(folder, "Program.cs")));
        }
        finally { Directory.Delete(folder, recursive: true); }
    }

    [Fact]
    public void The_command_line_parses_name_and_output()
    {
        var parse = NewCommand.Create().Parse(["service", "sensor", "-o", "/tmp/x"]);
        Assert.Empty(parse.Errors);
        Assert.NotEmpty(NewCommand.Create().Parse(["service"]).Errors); // the name is required
    }

    [Fact]
    public void Sdk_root_is_relative_inside_the_checkout_and_absolute_outside()
    {
        Assert.Equal("../..", NewCommand.SdkRootFor(Repo, Path.Combine(Repo.Root, "examples", "brake")));
        Assert.Equal(Repo.Root, NewCommand.SdkRootFor(Repo, Path.Combine(Path.GetTempPath(), "brake")));
    }
}
