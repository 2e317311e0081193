using System.Diagnostics;
using System.Globalization;
using Bulkhead.Build;

namespace Bulkhead.Cli.HostMode;

/// <summary>
/// `bulkhead run --host`: each domain's service as its own process (`dotnet &lt;service&gt;.dll` with the
/// BULKHEAD_HOST_* environment), its channels as zeroed files in a per-run directory that the
/// processes map, console lines forwarded as they come. Ends when every process has exited:
/// 0 when all exited 0 (powered off or stopped), 1 when one failed, 124 at the timeout (all killed).
/// </summary>
public static class HostRunner
{
    public static int Run(RepoLayout repo, HostSystemPlan plan, int timeoutSeconds, Action<string> onLine, TextWriter log)
    {
        var built = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var d in plan.Domains)
            if (!built.ContainsKey(d.Service.Name))
                built[d.Service.Name] = HostProject.Build(repo, d.Service.Name, d.Service.Sources, log);

        string runDirectory = CreateRunDirectory(plan);
        var processes = new List<(HostDomain Domain, Process Process)>();
        var clock = Stopwatch.StartNew();
        try
        {
            log.WriteLine($"run: {plan.Domains.Count} domain(s) as host processes, channels in {runDirectory} (docs/host-mode.md)");
            foreach (var d in plan.Domains) processes.Add((d, Start(d, built[d.Service.Name], runDirectory, onLine)));

            var deadline = TimeSpan.FromSeconds(timeoutSeconds);
            foreach (var (_, p) in processes)
            {
                var left = deadline - clock.Elapsed;
                if (left <= TimeSpan.Zero || !p.WaitForExit(left))
                {
                    Console.Error.WriteLine(Terminal.Red($"run: not every domain ended within {timeoutSeconds} s; processes stopped", Terminal.ColourOnStderr));
                    return ExitCodes.Timeout;
                }
                p.WaitForExit();   // the output is drained
            }

            var failed = processes.Where(x => x.Process.ExitCode != 0).ToList();
            foreach (var (d, p) in failed)
                Console.Error.WriteLine(Terminal.Red($"run: domain {d.Name} exited with code {p.ExitCode}", Terminal.ColourOnStderr));
            if (failed.Count > 0) return ExitCodes.Failed;
            log.WriteLine(Terminal.Green($"run: every domain ended (exit code 0) after {clock.Elapsed.TotalSeconds:0.0} s", Terminal.ColourOnStderr));
            return ExitCodes.Ok;
        }
        finally
        {
            foreach (var (_, p) in processes)
            {
                try { if (!p.HasExited) p.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
                p.Dispose();
            }
            try { Directory.Delete(runDirectory, recursive: true); } catch (IOException) { }
        }
    }

    /// <summary>Zeroed channel files (each channel, then a page for its doorbell counter), in shared memory where there is some.</summary>
    private static string CreateRunDirectory(HostSystemPlan plan)
    {
        string root = Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath();
        string dir = Path.Combine(root, $"bulkhead-host-{plan.Name}-{Environment.ProcessId}");
        if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        Directory.CreateDirectory(dir);
        foreach (var (index, size) in plan.Channels)
        {
            using var f = File.Create(Path.Combine(dir, $"channel-{index.ToString(CultureInfo.InvariantCulture)}.mem"));
            f.SetLength((long)size + 4096);
        }
        return dir;
    }

    private static Process Start(HostDomain d, string dll, string runDirectory, Action<string> onLine)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(dll);
        info.Environment["BULKHEAD_HOST_DOMAIN"] = d.Name;
        info.Environment["BULKHEAD_HOST_DOMAIN_ID"] = d.Id.ToString(CultureInfo.InvariantCulture);
        info.Environment["BULKHEAD_HOST_VCPUS"] = d.Vcpus.ToString(CultureInfo.InvariantCulture);
        info.Environment["BULKHEAD_HOST_WATCHDOG_MS"] = d.WatchdogMs.ToString(CultureInfo.InvariantCulture);
        info.Environment["BULKHEAD_HOST_RUN"] = runDirectory;
        info.Environment["BULKHEAD_HOST_CHANNELS"] = d.ChannelSpec;
        var p = new Process { StartInfo = info };
        p.OutputDataReceived += (_, e) => { if (e.Data != null) lock (onLine) onLine(e.Data); };
        p.ErrorDataReceived += (_, e) => { if (e.Data != null) Console.Error.WriteLine($"{d.Name}: {e.Data}"); };
        p.Start();
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return p;
    }
}
