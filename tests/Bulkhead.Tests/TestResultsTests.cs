using Bulkhead.Systems;
using Xunit;

namespace Bulkhead.Tests;

public class TestResultsTests
{
    [Fact]
    public void ResultCountsAddUpAllTrxFiles()
    {
        string dir = Path.Combine(Path.GetTempPath(), "bulkhead-trx-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            const string ns = "http://microsoft.com/schemas/VisualStudio/TeamTest/2010";
            File.WriteAllText(Path.Combine(dir, "a.trx"), $"<TestRun xmlns=\"{ns}\"><ResultSummary><Counters total=\"5\" passed=\"4\" failed=\"1\" notExecuted=\"0\" /></ResultSummary></TestRun>");
            File.WriteAllText(Path.Combine(dir, "b.trx"), $"<TestRun xmlns=\"{ns}\"><ResultSummary><Counters total=\"3\" passed=\"2\" failed=\"0\" notExecuted=\"1\" /></ResultSummary></TestRun>");

            Assert.Equal((6, 1, 1), TestResults.Count(dir));
        }
        finally { Directory.Delete(dir, recursive: true); }
    }
}
