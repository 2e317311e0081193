// The operations of protocol version 1 on top of Bulkhead.Guest.Management (the MGMT_* hypercalls):
// list, status, stop, start, restart, console. The hypervisor decides what this domain may do;
// a refusal is answered with the domain's criticality and the rule that refused it.
using Bulkhead.Generated;
using Bulkhead.Guest;
using Bulkhead.Guest.ManagementProtocol;

public static unsafe class Operations
{
    /// <summary>Console text per answer: whole lines, at most this many bytes before escaping.</summary>
    private const int ConsoleChunk = 1000;
    /// <summary>What a console answer needs besides its text (fields, numbers, quotes, braces), with room to spare.</summary>
    private const int ConsoleOverhead = 160;

    private static byte[] s_console = new byte[ConsoleChunk];
    /// <summary>Bit n: this server stopped domain n (a stopped domain it did not stop and that faulted is "faulted").</summary>
    private static uint s_stoppedHere;

    public static void Run(ref Request request, byte* body, ulong seq, uint ip, ushort port, ref ResponseWriter w)
    {
        if (request.Op == Operation.List) { List(seq, ref w); return; }

        byte* name = body + request.DomainOffset;
        int id = Find(name, request.DomainLength);
        if (id < 0)
        {
            w.Error(seq, "unknown-domain");
            w.BeginString("message");
            w.Text("no domain '");
            w.TextBytes(name, request.DomainLength);
            w.Text("' in system ");
            w.Text(GuestConfig.ManagementSystemName);
            w.EndString();
            w.End();
            RequestHandler.Refused(request.Op, ip, port, "unknown-domain", "no such domain");
            return;
        }

        ManagementResult result;
        switch (request.Op)
        {
            case Operation.Status:
                result = Management.Status(id, out ManagedDomain status);
                if (result == ManagementResult.Ok) { Status(seq, ref status, ref w); return; }
                break;
            case Operation.Console:
                if (Console(id, request.Cursor, seq, ref w)) return;
                result = ManagementResult.Denied;
                break;
            default:
                result = request.Op == Operation.Stop ? Management.Stop(id) : request.Op == Operation.Start ? Management.Start(id) : Management.Restart(id);
                if (result == ManagementResult.Ok)
                {
                    if (request.Op == Operation.Stop) s_stoppedHere |= 1u << id;
                    else s_stoppedHere &= ~(1u << id);
                    w.Begin(seq, true);
                    w.String("domain", ManagementDomains.Name(id));
                    w.String("action", RequestParser.NameOf(request.Op));
                    w.End();
                    global::Bulkhead.Guest.Console.WriteLine(string.Concat(string.Concat("mgmt: ", RequestParser.NameOf(request.Op), " ", ManagementDomains.Name(id)),
                        " for ", RequestHandler.Peer(ip, port)));
                    return;
                }
                break;
        }
        Refusal(result, request.Op, id, seq, ip, port, ref w);
    }

    /// <summary>The plan id of the domain called name[0..length), or -1.</summary>
    private static int Find(byte* name, int length)
    {
        for (int id = 0; id < GuestConfig.ManagementDomainCount; id++)
            if (RequestParser.Is(name, length, ManagementDomains.Name(id))) return id;
        return -1;
    }

    private static int Self()
    {
        for (int id = 0; id < GuestConfig.ManagementDomainCount; id++)
            if (ManagementDomains.Name(id) == GuestConfig.ManagementServerName) return id;
        return -1;
    }

    private static void Refusal(ManagementResult result, Operation op, int id, ulong seq, uint ip, ushort port, ref ResponseWriter w)
    {
        string target = ManagementDomains.Name(id);
        int targetLevel = ManagementDomains.Criticality(id), ownLevel = ManagementDomains.Criticality(Self());
        if (result == ManagementResult.WrongState)
        {
            w.Error(seq, "wrong-state");
            w.BeginString("message");
            w.Text(target);
            w.Text(op == Operation.Stop ? " is already stopped" : op == Operation.Start ? " is not stopped (start starts a stopped domain; use restart)" : " cannot be restarted now");
            w.EndString();
            w.End();
            RequestHandler.Refused(op, ip, port, "wrong-state", target);
            return;
        }
        w.Error(seq, "denied");
        w.BeginString("message");
        if (result == ManagementResult.Denied)
        {
            w.Text(GuestConfig.ManagementServerName);
            w.Text(" does not manage ");
            w.Text(target);
            w.Text(" (");
            w.Text(Level(targetLevel));
            w.Text("): ");
            if (targetLevel > ownLevel)
            {
                w.Text("a ");
                w.Text(Level(ownLevel));
                w.Text(" manager may not manage a higher-criticality domain (BH106)");
            }
            else
            {
                w.Text("it is not in the manages: list of ");
                w.Text(GuestConfig.ManagementServerName);
                w.Text(" in the system description");
            }
        }
        else w.Text(result == ManagementResult.NotSupported ? "the hypervisor has no management calls (ABI 1.2 or later)" : "the hypervisor refused the call's parameters");
        w.EndString();
        w.End();
        RequestHandler.Refused(op, ip, port, "denied", string.Concat(target, " (", Level(targetLevel), ") not managed"));
    }

    private static void List(ulong seq, ref ResponseWriter w)
    {
        w.Begin(seq, true);
        w.String("system", GuestConfig.ManagementSystemName);
        w.String("manager", GuestConfig.ManagementServerName);
        w.BeginArray("domains");
        uint mask = Management.ManagedMask;
        for (int id = 0; id < 32; id++)
        {
            if ((mask & (1u << id)) == 0 || Management.Status(id, out ManagedDomain d) != ManagementResult.Ok) continue;
            w.BeginObject();
            w.String("name", d.Name);
            w.Number("id", (ulong)id);
            w.String("state", State(ref d));
            w.String("criticality", Level(d.Criticality));
            w.Number("restarts", d.Restarts);
            w.Number("faults", d.Faults);
            w.Number("uptime_ms", d.UptimeNs / 1_000_000);
            w.EndObject();
        }
        w.EndArray();
        w.End();
    }

    private static void Status(ulong seq, ref ManagedDomain d, ref ResponseWriter w)
    {
        w.Begin(seq, true);
        w.BeginObject("domain");
        w.String("name", d.Name);
        w.Number("id", (ulong)d.Id);
        w.String("state", State(ref d));
        w.String("criticality", Level(d.Criticality));
        w.String("policy", d.RestartsOnFault ? "restart" : "stop");
        w.Number("vcpus", (ulong)d.VcpuCount);
        w.Number("vcpus_running", (ulong)d.VcpusRunning);
        w.BeginArray("cores");
        for (int core = 0; core < 64; core++) if ((d.CoreMask & (1ul << core)) != 0) w.Number((ulong)core);
        w.EndArray();
        w.Number("restarts", d.Restarts);
        w.Number("faults", d.Faults);
        w.String("last_fault", d.LastFault);
        w.Number("exits", d.Exits);
        w.Number("interrupts", d.Interrupts);
        w.Number("uptime_ms", d.UptimeNs / 1_000_000);
        w.Number("watchdog_ms", d.WatchdogMs);
        // Without a watchdog the hypervisor reports uint.MaxValue: no heartbeat is expected.
        w.Number("heartbeat_age_ms", d.WatchdogMs == 0 ? 0 : d.HeartbeatAgeMs);
        w.Number("console_bytes", d.ConsoleBytes);
        w.EndObject();
        w.End();
    }

    /// <summary>Whole lines from <paramref name="cursor"/>, as many as fit the answer; false when the hypervisor refused.</summary>
    private static bool Console(int id, ulong cursor, ulong seq, ref ResponseWriter w)
    {
        ulong next = cursor;
        int n = Management.ReadConsole(id, ref next, s_console, out ulong lost);
        if (n < 0) return false;
        ulong start = next - (ulong)n;
        int room = w.Free - ConsoleOverhead;
        fixed (byte* text = s_console)
        {
            // Cut after the last whole line that fits once escaped (or mid-line when even one does not).
            int keep = n, escaped = 0, lastLine = 0, fits = 0;
            for (int i = 0; i < n; i++)
            {
                escaped += ResponseWriter.EscapedSize(text[i]);
                if (escaped > room) break;
                fits = i + 1;
                if (text[i] == '\n') lastLine = i + 1;
            }
            if (fits < n) keep = lastLine > 0 ? lastLine : fits;
            w.Begin(seq, true);
            w.String("domain", ManagementDomains.Name(id));
            w.Number("cursor", start + (ulong)keep);
            w.Number("lost", lost);
            w.String("text", text, keep);
            w.End();
        }
        return true;
    }

    private static string State(ref ManagedDomain d)
    {
        if (d.State == ManagedState.Running) return "running";
        if (d.State == ManagedState.Starting) return "restarting";
        return d.Faults > 0 && (s_stoppedHere & (1u << d.Id)) == 0 ? "faulted" : "stopped";
    }

    private static string Level(int criticality) => criticality switch
    {
        0 => "QM",
        1 => "ASIL-A",
        2 => "ASIL-B",
        3 => "ASIL-C",
        4 => "ASIL-D",
        _ => "?",
    };
}
