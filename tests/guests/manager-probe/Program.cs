// The manager of tests/systems/management.yaml ('manages: [worker, crasher]'): exercises every
// management call against the hypervisor and judges the answers itself (docs/management.md).
//   PASS list           the managed mask names worker and crasher only, of 4 domains
//   PASS status         worker: running, QM, 1 vCPU on its core, no fault, uptime and exits advance
//   PASS console        worker's console lines are readable, whole, and the cursor moves on
//   PASS restart        restart: worker comes back (a second "worker up" after the cursor), 1 restart
//   PASS stop           stop: worker is stopped, a second stop is WrongState, start of a running domain is WrongState
//   PASS start          start: worker runs again from its image ("worker up" once more)
//   PASS fault-line     crasher stopped by its fault: status names it, 1 fault; started, it faults again: 2
//   PASS denied         safety (ASIL-B, not managed): stop, start, restart, status and console are Denied
//   PASS bad-action     an unknown action is InvalidParameters (raw hypercall)
using Bulkhead.Guest;

public static unsafe class Program
{
    static int s_passed, s_failed;

    static void Check(bool ok, string name, string why)
    {
        if (ok) { s_passed++; Console.WriteLine(string.Concat("PASS ", name)); }
        else { s_failed++; Console.WriteLine(string.Concat("FAIL ", name, ": ", why)); }
    }

    static bool WaitFor(int id, ManagedState state, int ms)
    {
        for (int waited = 0; waited < ms; waited += 10)
        {
            if (Management.Status(id, out var s) == ManagementResult.Ok && s.State == state) return true;
            Time.Sleep(10);
        }
        return false;
    }

    /// <summary>Reads worker's console from <paramref name="cursor"/> for up to <paramref name="ms"/> until a line equal to <paramref name="line"/> appears.</summary>
    static bool WaitForLine(int id, ref ulong cursor, string line, int ms)
    {
        byte[] buffer = new byte[512];
        for (int waited = 0; waited < ms; waited += 10)
        {
            int n = Management.ReadConsole(id, ref cursor, buffer, out _);
            int start = 0;
            for (int i = 0; i < n; i++)
            {
                if (buffer[i] != (byte)'\n') continue;
                if (Same(buffer, start, i - start, line)) return true;
                start = i + 1;
            }
            Time.Sleep(10);
        }
        return false;
    }

    static bool Same(byte[] b, int at, int length, string s)
    {
        if (length != s.Length) return false;
        for (int i = 0; i < length; i++) if (b[at + i] != (byte)s[i]) return false;
        return true;
    }

    public static void Main()
    {
        Console.WriteLine("manager-probe up");
        int worker = Management.Find("worker"), crasher = Management.Find("crasher");
        uint mask = Management.ManagedMask;
        Check(worker >= 0 && crasher >= 0 && mask == ((1u << worker) | (1u << crasher)) && Management.DomainCount == 4, "list",
            string.Concat("mask 0x", mask.ToString("x"), ", domains ", Management.DomainCount.ToString()));

        // status
        ulong cursor = 0;
        bool up = WaitForLine(worker, ref cursor, "worker up", 2000);
        Management.Status(worker, out var a);
        Time.Sleep(100);
        var r = Management.Status(worker, out var b);
        Check(up && r == ManagementResult.Ok && b.Name == "worker" && b.State == ManagedState.Running && b.Criticality == 0 && b.VcpuCount == 1
              && b.VcpusRunning == 1 && b.CoreMask == 2 && b.Faults == 0 && b.LastFault == "" && b.UptimeNs > a.UptimeNs && b.Exits > a.Exits
              && b.WatchdogMs == 0 && b.HeartbeatAgeMs == uint.MaxValue && b.ConsoleBytes >= 10,
            "status", string.Concat(b.Name, " state ", ((int)b.State).ToString(), " uptime ", b.UptimeNs.ToString(), " exits ", b.Exits.ToString()));

        // console: "worker tick 10" follows "worker up" after 500 ms
        Check(WaitForLine(worker, ref cursor, "worker tick 10", 2000), "console", "no 'worker tick 10' line after 'worker up'");

        // restart
        Check(Management.Restart(worker) == ManagementResult.Ok && WaitForLine(worker, ref cursor, "worker up", 2000)
              && Management.Status(worker, out var c) == ManagementResult.Ok && c.Restarts == 1 && c.State == ManagedState.Running, "restart",
            "worker did not come back with one restart");

        // stop
        var stop = Management.Stop(worker);
        bool stopped = WaitFor(worker, ManagedState.Stopped, 1000);
        var again = Management.Stop(worker);
        Check(stop == ManagementResult.Ok && stopped && again == ManagementResult.WrongState, "stop",
            string.Concat("stop ", ((int)stop).ToString(), ", second stop ", ((int)again).ToString()));

        // start
        Check(Management.Start(worker) == ManagementResult.Ok && WaitForLine(worker, ref cursor, "worker up", 2000)
              && Management.Start(worker) == ManagementResult.WrongState, "start", "worker did not start again");

        // fault line
        bool crashed = WaitFor(crasher, ManagedState.Stopped, 2000);
        Management.Status(crasher, out var f1);
        bool restarted = Management.Start(crasher) == ManagementResult.Ok;
        Time.Sleep(50);
        bool crashedAgain = WaitFor(crasher, ManagedState.Stopped, 2000);
        Management.Status(crasher, out var f2);
        Check(crashed && f1.Faults == 1 && f1.LastFault.Length > 10 && restarted && crashedAgain && f2.Faults == 2, "fault-line",
            string.Concat("faults ", f1.Faults.ToString(), "/", f2.Faults.ToString(), ", last fault '", f1.LastFault, "'"));
        Console.WriteLine(string.Concat("crasher's last fault: ", f2.LastFault));

        // denied: safety is domain 3 (not managed)
        int safety = 3;
        byte[] buffer = new byte[64];
        ulong any = 0;
        Check(Management.Stop(safety) == ManagementResult.Denied && Management.Start(safety) == ManagementResult.Denied
              && Management.Restart(safety) == ManagementResult.Denied && Management.Status(safety, out _) == ManagementResult.Denied
              && Management.ReadConsole(safety, ref any, buffer, out _) == -1 && Management.Stop(77) == ManagementResult.Denied, "denied",
            "an unmanaged domain answered");

        Check(ManagerCalls.RawControl(worker, 9) == -2, "bad-action", "unknown action not refused as invalid");

        Console.WriteLine(string.Concat("manager-probe: done, ", s_passed.ToString(), " passed, ", s_failed.ToString(), " failed"));
        Management.Stop(worker);
        Domain.PowerOff();
    }
}
