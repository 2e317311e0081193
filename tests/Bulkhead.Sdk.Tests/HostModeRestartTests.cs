namespace Bulkhead.Sdk.Tests;

/// <summary>
/// Restart policies in host mode (docs/host-mode.md): tests/systems/host-restart.yaml's domains
/// (tests/guests/host-faulter) fault at once; `run --host` restarts each process as its policy and
/// limit say, with the hypervisor's "restarting (n of m)" lines, and stops it at the limit.
/// </summary>
[Collection(AnalyzerBuildCollection.Name)]
public class HostModeRestartTests
{
    [Fact]
    public void A_faulting_domain_is_restarted_up_to_its_limit_then_stopped_and_policy_stop_never_restarts()
    {
        var r = CliProcess.Run(AnalyzerHarness.Repo.Root, "run", "--host", "tests/systems/host-restart.yaml", "--timeout", "120");

        Assert.True(r.ExitCode == 1, r.ToString());
        Assert.DoesNotContain("FAIL", r.Stdout);

        // limit 2 over the run: three runs, two restarts, then stopped.
        Assert.Equal([
            "[limited-a] host-faulter: limited-a up",
            "host: domain limited-a faulted: IndexOutOfRangeException: Index was outside the bounds of the array.",
            "host: domain limited-a restarting (1 of 2): exited with code 1",
            "[limited-a] host-faulter: limited-a up",
            "host: domain limited-a faulted: IndexOutOfRangeException: Index was outside the bounds of the array.",
            "host: domain limited-a restarting (2 of 2): exited with code 1",
            "[limited-a] host-faulter: limited-a up",
            "host: domain limited-a faulted: IndexOutOfRangeException: Index was outside the bounds of the array.",
            "host: domain limited-a stopped: restart limit (2) reached: exited with code 1"], Lines(r.Stdout, "limited-a"));

        // limit 1 in a 60 s window: the hypervisor's "(total, in-window of limit in window)" form.
        Assert.Equal([
            "[windowed-b] host-faulter: windowed-b up",
            "host: domain windowed-b faulted: IndexOutOfRangeException: Index was outside the bounds of the array.",
            "host: domain windowed-b restarting (1, 1 of 1 in 60000 ms): exited with code 1",
            "[windowed-b] host-faulter: windowed-b up",
            "host: domain windowed-b faulted: IndexOutOfRangeException: Index was outside the bounds of the array.",
            "host: domain windowed-b stopped: restart limit (1 in 60000 ms) reached: exited with code 1"], Lines(r.Stdout, "windowed-b"));

        // restart: stop: one run, no restart line.
        Assert.Equal([
            "[stopper-c] host-faulter: stopper-c up",
            "host: domain stopper-c faulted: IndexOutOfRangeException: Index was outside the bounds of the array."], Lines(r.Stdout, "stopper-c"));

        // A requested restart counts toward the limit, as on the hypervisor.
        Assert.Equal([
            "[resetter-d] host-faulter: resetter-d up",
            "host: domain resetter-d asked for a restart (DOMAIN_RESTART)",
            "host: domain resetter-d restarting (1 of 1): exited with code 1",
            "[resetter-d] host-faulter: resetter-d up",
            "host: domain resetter-d asked for a restart (DOMAIN_RESTART)",
            "host: domain resetter-d stopped: restart limit (1) reached: exited with code 1"], Lines(r.Stdout, "resetter-d"));

        foreach (string domain in new[] { "limited-a", "windowed-b", "stopper-c", "resetter-d" })
            Assert.Contains($"run: domain {domain} exited with code 1", r.Stderr);
    }

    /// <summary>The domain's own lines and the run's lines about it, in order.</summary>
    private static List<string> Lines(string stdout, string domain) =>
        stdout.Split('\n').Where(l => l.StartsWith($"[{domain}] ", StringComparison.Ordinal) || l.StartsWith($"host: domain {domain} ", StringComparison.Ordinal)).ToList();
}
