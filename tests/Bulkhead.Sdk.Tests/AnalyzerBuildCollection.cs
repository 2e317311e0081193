namespace Bulkhead.Sdk.Tests;

/// <summary>
/// Tests that build the analyzer project in Release (SdkAnalyzer.Locate, a service's IDE project)
/// run one after the other: two `dotnet build`s of one project at once would clash in its obj/.
/// </summary>
[CollectionDefinition(Name)]
public sealed class AnalyzerBuildCollection
{
    public const string Name = "Analyzer build";
}
