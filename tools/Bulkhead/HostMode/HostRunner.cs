using System.Diagnostics;
using System.Globalization;
using Bulkhead.Build;

namespace Bulkhead.Cli.HostMode;

/// <summary>
/// `bulkhead run --host`: each domain's service as its own process (`dotnet &lt;service&gt;.dll` with the
/// BULKHEAD_HOST_* environment), its channels as zeroed files in a per-run directory that the
/// processes map, console lines forwarded as they come, `network:` clients' frames through a
/// <see cref="HostNetworkBridge"/>, a faulting process restarted as its restart policy says
/// (<see cref="HostSupervisor"/>). Ends when every domain has ended: 0 when all last exited 0
/// (powered off or stopped), 1 when one failed, 124 at the timeout (all killed).
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
        var supervisors = new List<HostSupervisor>();
        var clients = plan.Domains.Where(d => d.Network != null).ToList();
        using var bridge = clients.Count > 0 ? new HostNetworkBridge(clients.Select(d => d.Network!.Mac)) : null;
        var clock = Stopwatch.StartNew();
        try
        {
            log.WriteLine($"run: {plan.Domains.Count} domain(s) as host processes, channels in {runDirectory} (docs/host-mode.md)");
            if (bridge != null)
                log.WriteLine($"run: network driver {plan.NetworkDriver} not started: frames of {string.Join(", ", clients.Select(c => c.Name))} go over UDP through 127.0.0.1:{bridge.Port}");
            foreach (var d in plan.Domains)
                supervisors.Add(new HostSupervisor(d, () => Start(d, built[d.Service.Name], runDirectory, bridge?.Port ?? 0, onLine), onLine));

            var deadline = TimeSpan.FromSeconds(timeoutSeconds);
            foreach (var s in supervisors)
            {
                var left = deadline - clock.Elapsed;
                if (left <= TimeSpan.Zero || !s.Wait(left))
                {
                    Console.Error.WriteLine(Terminal.Red($"run: not every domain ended within {timeoutSeconds} s; processes stopped", Terminal.ColourOnStderr));
                    return ExitCodes.Timeout;
                }
            }

            var failed = supervisors.Where(x => x.ExitCode != 0).ToList();
            foreach (var s in failed)
                Console.Error.WriteLine(Terminal.Red($"run: domain {s.Domain.Name} exited with code {s.ExitCode}", Terminal.ColourOnStderr));
            if (failed.Count > 0) return ExitCodes.Failed;
            log.WriteLine(Terminal.Green($"run: every domain ended (exit code 0) after {clock.Elapsed.TotalSeconds:0.0} s", Terminal.ColourOnStderr));
            return ExitCodes.Ok;
        }
        finally
        {
            foreach (var s in supervisors) s.Kill();
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

    private static Process Start(HostDomain d, string dll, string runDirectory, int bridgePort, Action<string> onLine)
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
        if (d.Network is { } net) info.Environment["BULKHEAD_HOST_NET"] = net.Spec(bridgePort);
        var p = new Process { StartInfo = info };
        p.OutputDataReceived += (_, e) => { if (e.Data != null) lock (onLine) onLine(e.Data); };
        p.ErrorDataReceived += (_, e) => { if (e.Data != null) Console.Error.WriteLine($"{d.Name}: {e.Data}"); };
        p.Start();
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return p;
    }
}
