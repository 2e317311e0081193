using System.CommandLine;
using Bulkhead.Cli.Ctl;

namespace Bulkhead.Cli.Commands;

/// <summary>
/// `bulkhead ctl list|status|stop|start|restart|console|top`: manage a running system's domains
/// through its manager's management service (docs/management.md), protocol version 1 over UDP,
/// each request signed with the system's key. Exit codes: 0 ok, 1 refused (wrong key, rule,
/// wrong state) or untrustworthy answers, 2 bad usage (no target, missing key file), 124 no answer.
/// </summary>
public static class CtlCommand
{
    private static readonly Option<FileInfo?> SystemFile = new("--system", "-s")
    { Description = "The running system's system.yaml: the key file and UDP port from its `management:` block (the port `bulkhead run` relays on 127.0.0.1)", Recursive = true };
    private static readonly Option<string?> To = new("--to")
    { Description = "host:port of the management service (instead of, or overriding the address of, --system)", Recursive = true };
    private static readonly Option<FileInfo?> Key = new("--key")
    { Description = "The key file (32..128 hex digits; '#' comment lines) when not taken from --system", Recursive = true };
    private static readonly Option<bool> Json = new("--json") { Description = "Print the answers as JSON (one object per line) for scripts", Recursive = true };
    private static readonly Option<double> Timeout = new("--timeout")
    { Description = "Seconds to wait for each answer before retrying", DefaultValueFactory = _ => 2.0, Recursive = true };
    private static readonly Option<int> Retries = new("--retries")
    { Description = "Retries after a request got no answer", DefaultValueFactory = _ => 2, Recursive = true };

    public static Command Create()
    {
        var ctl = new Command("ctl",
            "Manage a running system's domains through its manager (docs/management.md): list, status, stop, start, restart, console, top. " +
            "Target: --system <system.yaml> or --to host:port --key <file>.\n" +
            "Exit codes here: 0 ok, 1 refused (wrong key, replay, a rule, wrong state) or answers that cannot be trusted, 2 bad usage, 124 no answer");
        foreach (var o in new Option[] { SystemFile, To, Key, Json, Timeout, Retries }) ctl.Options.Add(o);

        var list = new Command("list", "The managed domains: state, criticality, restarts, faults, uptime");
        list.SetAction(p => WithRunner(p, r => r.List()));
        ctl.Subcommands.Add(list);

        ctl.Subcommands.Add(DomainCommand("status", "One domain's status record: state, vCPUs, cores, restarts, faults and the last fault line, exits, interrupts, watchdog, uptime",
            (r, d) => r.Status(d)));
        foreach (var (action, what) in new[] { ("stop", "Stop a managed domain (until a start)"), ("start", "Start a stopped domain from its pristine image"),
                                               ("restart", "Restart a managed domain from its pristine image") })
            ctl.Subcommands.Add(DomainCommand(action, what, (r, d) => r.Control(action, d)));

        var follow = new Option<bool>("--follow", "-f") { Description = "Keep printing new lines as they come (Ctrl-C to stop)" };
        var forSeconds = new Option<double?>("--for") { Description = "With --follow: stop after this many seconds" };
        var consoleDomain = new Argument<string>("domain") { Description = "A domain the manager manages" };
        var console = new Command("console", "A domain's recent console lines (the hypervisor keeps the last 4 KiB per domain); --follow for new ones");
        console.Arguments.Add(consoleDomain); console.Options.Add(follow); console.Options.Add(forSeconds);
        console.SetAction(p => WithRunner(p, r => r.Console(p.GetValue(consoleDomain)!), o => o with
        {
            Follow = p.GetValue(follow),
            For = p.GetValue(forSeconds) is double s ? TimeSpan.FromSeconds(s) : null,
            Interval = TimeSpan.FromMilliseconds(250),
        }));
        ctl.Subcommands.Add(console);

        var once = new Option<bool>("--once") { Description = "One table, then exit" };
        var iterations = new Option<int?>("--iterations", "-n") { Description = "This many tables, then exit" };
        var interval = new Option<double>("--interval", "-d") { Description = "Seconds between tables", DefaultValueFactory = _ => 1.0 };
        var top = new Command("top", "A live per-domain table (like xentop): state, restarts, faults, exits and interrupts per second, heartbeat, console bytes");
        top.Options.Add(once); top.Options.Add(iterations); top.Options.Add(interval);
        top.SetAction(p => WithRunner(p, r => r.Top(), o => o with
        {
            Iterations = p.GetValue(once) ? 1 : p.GetValue(iterations),
            Interval = TimeSpan.FromSeconds(Math.Max(0.1, p.GetValue(interval))),
            ClearScreen = !o.Json && !System.Console.IsOutputRedirected,
        }));
        ctl.Subcommands.Add(top);

        return ctl;
    }

    private static Command DomainCommand(string name, string description, Func<CtlRunner, string, int> run)
    {
        var domain = new Argument<string>("domain") { Description = "A domain the manager manages" };
        var cmd = new Command(name, description);
        cmd.Arguments.Add(domain);
        cmd.SetAction(p => WithRunner(p, r => run(r, p.GetValue(domain)!)));
        return cmd;
    }

    private static int WithRunner(ParseResult p, Func<CtlRunner, int> run, Func<CtlOptions, CtlOptions>? adjust = null)
    {
        var target = Resolve(p.GetValue(SystemFile), p.GetValue(To), p.GetValue(Key));
        double timeout = p.GetValue(Timeout);
        int retries = p.GetValue(Retries);
        if (timeout <= 0 || retries < 0) throw new UsageException("--timeout must be above 0 and --retries at least 0");
        using var client = new MgmtClient(target.Endpoint, target.Key)
        {
            AttemptTimeout = TimeSpan.FromSeconds(timeout),
            Attempts = retries + 1,
            TargetHint = target.Hint,
        };
        var options = new CtlOptions { Json = p.GetValue(Json) };
        if (adjust != null) options = adjust(options);
        return run(new CtlRunner(client, options, System.Console.Out, System.Console.Error));
    }

    /// <summary>--system gives the key and port; --to and --key override them.</summary>
    public static MgmtTarget Resolve(FileInfo? system, string? to, FileInfo? key)
    {
        if (system == null)
        {
            if (to == null || key == null) throw new UsageException("ctl: give --system <system.yaml>, or --to host:port with --key <file>");
            return MgmtTarget.FromAddress(to, key.FullName);
        }
        var (target, keyFile) = MgmtSystemTarget.FromSystem(system.FullName);
        if (to != null) return MgmtTarget.FromAddress(to, key?.FullName ?? keyFile);
        if (key != null) return target with { Key = MgmtKeyFile.Read(key.FullName), Hint = $"key {key.FullName}, {target.Hint}" };
        return target;
    }
}
