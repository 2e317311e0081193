using Bulkhead.Build;

namespace Bulkhead.Sdk.Tests;

/// <summary>SdkAnalyzer.Locate: the dll the native build passes to csc, rebuilt only when its sources change.</summary>
[Collection(AnalyzerBuildCollection.Name)]
public class SdkAnalyzerTests
{
    [Fact]
    public void Locate_returns_the_built_analyzer_and_does_not_rebuild_an_unchanged_one()
    {
        var repo = AnalyzerHarness.Repo;
        string dll = SdkAnalyzer.Locate(repo, TextWriter.Null);
        Assert.True(File.Exists(dll));
        Assert.EndsWith("Bulkhead.Analyzers.dll", dll);

        var log = new StringWriter();
        Assert.Equal(dll, SdkAnalyzer.Locate(repo, log));
        Assert.Equal("", log.ToString());
    }

    [Fact]
    public void The_stamp_follows_the_sources()
    {
        var repo = AnalyzerHarness.Repo;
        string folder = SdkAnalyzer.ProjectFolder(repo);
        Assert.Equal(SdkAnalyzer.SourcesStamp(repo, folder), SdkAnalyzer.SourcesStamp(repo, folder));
        Assert.NotEqual(SdkAnalyzer.SourcesStamp(repo, folder), SdkAnalyzer.SourcesStamp(repo, Path.Combine(repo.Root, "unikernel-sdk", "ide")));
    }
}
