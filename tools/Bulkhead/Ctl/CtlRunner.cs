using System.Diagnostics;

namespace Bulkhead.Cli.Ctl;

/// <summary>How `bulkhead ctl` prints and paces (its command-line options).</summary>
public sealed record CtlOptions
{
    public bool Json { get; init; }
    /// <summary>console: keep asking for new lines.</summary>
    public bool Follow { get; init; }
    /// <summary>console --follow / top: stop after this long (null: until interrupted).</summary>
    public TimeSpan? For { get; init; }
    /// <summary>top: how many tables (null: until interrupted).</summary>
    public int? Iterations { get; init; }
    /// <summary>top: time between tables; console --follow: time between polls when nothing is new.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(1);
    /// <summary>top: clear the screen before each table (a terminal, not --json).</summary>
    public bool ClearScreen { get; init; }
}

/// <summary>
/// The `bulkhead ctl` operations over a <see cref="MgmtClient"/>, writing to the given streams so
/// tests run them as the command does. Errors are exceptions (<see cref="CliException"/>) carrying
/// the exit code.
/// </summary>
public sealed class CtlRunner(MgmtClient client, CtlOptions options, TextWriter stdout, TextWriter stderr)
{
    public int List()
    {
        var r = client.List();
        stdout.Write(options.Json ? r.PayloadJson() + "\n" : CtlViews.List(r));
        return ExitCodes.Ok;
    }

    public int Status(string domain)
    {
        var r = client.Status(domain);
        stdout.Write(options.Json ? r.PayloadJson() + "\n" : CtlViews.Status(r));
        return ExitCodes.Ok;
    }

    public int Control(string action, string domain)
    {
        var r = client.Control(action, domain);
        stdout.Write(options.Json ? r.PayloadJson() + "\n" : $"{action} {domain}: done\n");
        return ExitCodes.Ok;
    }

    /// <summary>The domain's console lines from the oldest kept; with --follow, then each new line as it comes.</summary>
    public int Console(string domain)
    {
        ulong cursor = 0;
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var r = client.Console(domain, cursor);
            string text = r.String("text");
            ulong lost = r.Number("lost");
            if (options.Json) { if (text.Length > 0 || lost > 0 || cursor == 0) stdout.WriteLine(r.PayloadJson()); }
            else
            {
                if (lost > 0) stderr.WriteLine($"ctl: {lost} bytes of {domain}'s console scrolled away unread");
                stdout.Write(text);
            }
            stdout.Flush();
            cursor = r.Number("cursor");
            if (text.Length > 0) continue;   // more may be waiting: the server sends ~1000 bytes at a time
            if (!options.Follow || (options.For is { } limit && clock.Elapsed >= limit)) return ExitCodes.Ok;
            Thread.Sleep(options.Interval);
        }
    }

    public int Top()
    {
        var top = new CtlTop(client);
        CtlTop.Sample? before = null;
        var clock = Stopwatch.StartNew();
        for (int i = 0; options.Iterations is not { } n || i < n; i++)
        {
            if (i > 0) Thread.Sleep(options.Interval);
            var now = top.Take();
            if (options.Json) stdout.WriteLine(CtlTop.Json(now));
            else
            {
                if (options.ClearScreen) stdout.Write("\u001b[H\u001b[2J");
                stdout.Write(CtlTop.Render(now, before));
                if (!options.ClearScreen) stdout.WriteLine();
            }
            stdout.Flush();
            before = now;
            if (options.For is { } limit && clock.Elapsed >= limit) break;
        }
        return ExitCodes.Ok;
    }
}
