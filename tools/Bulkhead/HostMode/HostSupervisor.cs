using System.Diagnostics;

namespace Bulkhead.Cli.HostMode;

/// <summary>
/// One domain's processes in `run --host`: a process that ends with a non-zero exit code (a fault,
/// a fatal error, a missed watchdog, a restart request) is started again while the domain's restart
/// policy allows it, with the hypervisor's lines (hv-core/Partition/DomainControl.cs) under the
/// host's prefix: `host: domain X restarting (1 of 3): exited with code 1`, with a window
/// `restarting (7, 2 of 3 in 10000 ms)`, and `host: domain X stopped: restart limit (3) reached: ...`.
/// </summary>
public sealed class HostSupervisor
{
    private readonly Func<Process> _start;
    private readonly Action<string> _onLine;
    private readonly Thread _thread;
    private readonly Queue<long> _window = new();   // restart times (ms) inside the window
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private Process? _current;
    private volatile bool _killed;
    private readonly object _gate = new();   // _current and _killed change together

    public HostDomain Domain { get; }

    /// <summary>The last process's exit code (valid once <see cref="Wait"/> returned true).</summary>
    public int ExitCode { get; private set; }

    /// <summary>Restarts so far.</summary>
    public int Restarts { get; private set; }

    public HostSupervisor(HostDomain domain, Func<Process> start, Action<string> onLine)
    {
        Domain = domain;
        _start = start;
        _onLine = onLine;
        _thread = new Thread(Supervise) { IsBackground = true, Name = "host domain " + domain.Name };
        lock (_gate) _current = start();
        _thread.Start();
    }

    public bool Wait(TimeSpan timeout) => _thread.Join(timeout);

    private void Supervise()
    {
        while (true)
        {
            Process p;
            lock (_gate) p = _current!;
            p.WaitForExit();   // the output is drained too
            ExitCode = p.ExitCode;
            if (ExitCode == 0 || _killed) return;
            string reason = $"exited with code {ExitCode}";
            if (Domain.RestartLimit == 0) return;   // policy stop: the domain ends (the run reports it)
            if (!Allowed())
            {
                string window = Domain.RestartWindowMs != 0 ? $" in {Domain.RestartWindowMs} ms" : "";
                Line($"host: domain {Domain.Name} stopped: restart limit ({Domain.RestartLimit}{window}) reached: {reason}");
                return;
            }
            Restarts++;
            Line(Domain.RestartWindowMs == 0
                ? $"host: domain {Domain.Name} restarting ({Restarts} of {Domain.RestartLimit}): {reason}"
                : $"host: domain {Domain.Name} restarting ({Restarts}, {_window.Count} of {Domain.RestartLimit} in {Domain.RestartWindowMs} ms): {reason}");
            lock (_gate)
            {
                if (_killed) return;
                p.Dispose();
                _current = _start();
            }
        }
    }

    /// <summary>Under the limit over the run, or within (now - window, now] when a window is set (then recorded).</summary>
    private bool Allowed()
    {
        if (Domain.RestartWindowMs == 0) return Restarts < Domain.RestartLimit;
        long now = _clock.ElapsedMilliseconds;
        while (_window.Count > 0 && _window.Peek() <= now - Domain.RestartWindowMs) _window.Dequeue();
        if (_window.Count >= Domain.RestartLimit) return false;
        _window.Enqueue(now);
        return true;
    }

    private void Line(string text)
    {
        lock (_onLine) _onLine(text);
    }

    /// <summary>Ends the current process, and no restart follows.</summary>
    public void Kill()
    {
        lock (_gate)
        {
            _killed = true;
            try { if (_current is { HasExited: false } p) p.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
        }
        _thread.Join(5000);
        _current?.Dispose();
    }
}
