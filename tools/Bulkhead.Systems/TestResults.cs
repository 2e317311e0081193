using System.Xml.Linq;

namespace Bulkhead.Systems;

/// <summary>The results of test runs, from their TRX files.</summary>
public static class TestResults
{
    /// <summary>Adds up the TRX result files: the one closing line CI and people read.</summary>
    public static (int Passed, int Failed, int Skipped) Count(string folder)
    {
        int passed = 0, failed = 0, skipped = 0;
        if (!Directory.Exists(folder)) return (0, 0, 0);
        foreach (var trx in Directory.GetFiles(folder, "*.trx", SearchOption.AllDirectories))
        {
            var counters = XDocument.Load(trx).Descendants().FirstOrDefault(e => e.Name.LocalName == "Counters");
            if (counters == null) continue;
            int Get(string a) => int.TryParse(counters.Attribute(a)?.Value, out int v) ? v : 0;
            passed += Get("passed");
            failed += Get("failed") + Get("error") + Get("timeout") + Get("aborted");
            skipped += Get("notExecuted");
        }
        return (passed, failed, skipped);
    }
}
