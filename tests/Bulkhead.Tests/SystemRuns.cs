using Bulkhead.Systems;
using System.Collections.Concurrent;
using Bulkhead.Emulation;

namespace Bulkhead.Tests;

/// <summary>
/// Builds and boots a test system (tests/systems/*.yaml) once per GIC version and keeps the console,
/// so several tests can assert on one run.
/// </summary>
public static class SystemRuns
{
    private static readonly ConcurrentDictionary<string, Lazy<RunResult>> Runs = new();
    private static readonly object BuildGate = new();

    public static RunResult Boot(string system, int gicVersion) =>
        Runs.GetOrAdd($"{system}-gicv{gicVersion}", _ => new Lazy<RunResult>(() => BuildAndRun(system, gicVersion))).Value;

    /// <summary>The system file with its board switched to the wanted GIC version.</summary>
    public static string Variant(string system, int gicVersion)
    {
        var repo = TestImages.Repo;
        string text = File.ReadAllText(Path.Combine(repo.Root, "tests", "systems", system + ".yaml"))
            .Replace("board: qemu-virt-gicv3", $"board: qemu-virt-gicv{gicVersion}")
            .Replace($"name: {system}\n", $"name: {system}-gicv{gicVersion}\n");
        string folder = Path.Combine(repo.OutputRoot, "test-systems");
        Directory.CreateDirectory(folder);
        string file = Path.Combine(folder, $"{system}-gicv{gicVersion}.yaml");
        File.WriteAllText(file, text);
        return file;
    }

    /// <summary>Builds and boots a system file of the repository as it is (e.g. an example).</summary>
    public static RunResult BootFile(string relativePath) =>
        Runs.GetOrAdd(relativePath, _ => new Lazy<RunResult>(() => BuildAndRunFile(Path.Combine(TestImages.Repo.Root, relativePath)))).Value;

    private static RunResult BuildAndRun(string system, int gicVersion) => BuildAndRunFile(Variant(system, gicVersion));

    private static RunResult BuildAndRunFile(string file)
    {
        SystemBuilder.Result built;
        lock (BuildGate) built = SystemBuilder.Build(TestImages.Repo, file, TextWriter.Null);
        var machine = Machines.QemuFor(built.Board, built.Hypervisor, cores: null, cpu: "cortex-a72").Deterministic();
        return EmulatorRun.Run(QemuArm64Machine.Executable, machine.Arguments(), TimeSpan.FromSeconds(60));
    }

    /// <summary>Index of the first line matching, or -1.</summary>
    public static int IndexOf(this RunResult run, Func<string, bool> match)
    {
        for (int i = 0; i < run.Lines.Count; i++) if (match(run.Lines[i])) return i;
        return -1;
    }
}
