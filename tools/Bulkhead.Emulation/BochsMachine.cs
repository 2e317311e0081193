using System.Diagnostics;
using System.Text;

namespace Bulkhead.Emulation;

/// <summary>
/// Bochs with VT-x (Debian's build has VMX with EPT, unrestricted guest and VPID) booting a GRUB
/// ISO from its CD-ROM drive. COM1 goes to a file, which Run tails: each complete line is handed
/// on like EmulatorRun does for QEMU's stdout. Bochs is always killed at the end.
/// </summary>
public sealed record BochsMachine
{
    public required string Iso { get; init; }
    /// <summary>A CPU model of Debian's Bochs 2.7 with VMX and EPT.</summary>
    public string CpuModel { get; init; } = "corei7_skylake_x";
    public int Cores { get; init; } = 1;
    public int MemoryMegabytes { get; init; } = 256;
    /// <summary>Instructions per emulated second: only affects emulated time (timers), not speed.</summary>
    public int InstructionsPerSecond { get; init; } = 50_000_000;
    /// <summary>"term" (package bochs-term; no port opened) or "rfb" (opens VNC port 5900: never run two at once).</summary>
    public string Display { get; init; } = "term";
    /// <summary>Where bochsrc, the serial log and bochs.log go (default: beside the ISO).</summary>
    public string? WorkDirectory { get; init; }

    public const string Executable = "bochs";
    public static readonly string[] DebianPackages = ["bochs", "bochsbios", "vgabios", "bochs-term"];

    public string Directory => WorkDirectory ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(Iso))!, "bochs");
    public string SerialLog => Path.Combine(Directory, "serial.txt");
    public string BochsLog => Path.Combine(Directory, "bochs.log");
    public string ConfigFile => Path.Combine(Directory, "bochsrc");

    public string Config() =>
        $"""
        megs: {MemoryMegabytes}
        cpu: model={CpuModel}, count={Cores}, ips={InstructionsPerSecond}, reset_on_triple_fault=0
        romimage: file=/usr/share/bochs/BIOS-bochs-latest
        vgaromimage: file=/usr/share/vgabios/vgabios.bin
        ata0-master: type=cdrom, path="{Path.GetFullPath(Iso)}", status=inserted
        boot: cdrom
        com1: enabled=1, mode=file, dev="{SerialLog}"
        display_library: {(Display == "rfb" ? "rfb, options=\"timeout=0\"" : Display)}
        log: "{BochsLog}"
        panic: action=fatal
        error: action=report
        info: action=report
        debug: action=ignore
        clock: sync=none, time0=local

        """;

    /// <summary>Writes bochsrc and the debugger script ("c" then "quit": Debian's Bochs has its debugger built in).</summary>
    public IReadOnlyList<string> Prepare()
    {
        System.IO.Directory.CreateDirectory(Directory);
        File.WriteAllText(ConfigFile, Config());
        string rc = Path.Combine(Directory, "debugger.rc");
        File.WriteAllText(rc, "c\nquit\n");
        File.Delete(SerialLog);
        File.Delete(BochsLog);
        return ["-q", "-f", ConfigFile, "-rc", rc];
    }

    /// <summary>
    /// Boots the ISO and follows the serial log until Bochs exits (the hypervisor's power-off:
    /// Bochs then exits 1, so judge the run by its lines), a PANIC line (plus a short grace), a
    /// line matching <paramref name="stopWhen"/>, or the timeout.
    /// </summary>
    public RunResult Run(TimeSpan timeout, Action<string>? onLine = null, Func<string, bool>? stopWhen = null, TimeSpan? panicGrace = null)
    {
        var arguments = Prepare();
        var info = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = Directory,
        };
        foreach (var a in arguments) info.ArgumentList.Add(a);
        info.Environment["TERM"] = "vt100"; // the term display needs a terminal type, even with nobody watching
        var emulatorOutput = new StringBuilder();

        var lines = new List<string>();
        RunOutcome? decided = null;
        var clock = Stopwatch.StartNew();
        using var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => { if (e.Data != null) lock (emulatorOutput) emulatorOutput.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (emulatorOutput) emulatorOutput.AppendLine(e.Data); };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new EmulatorMissingException(Executable);
        }

        var pending = new StringBuilder();
        long offset = 0;
        void Drain()
        {
            if (!File.Exists(SerialLog)) return;
            using var stream = new FileStream(SerialLog, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            if (stream.Length <= offset) return;
            stream.Seek(offset, SeekOrigin.Begin);
            var buffer = new byte[stream.Length - offset];
            int read = stream.Read(buffer, 0, buffer.Length);
            offset += read;
            pending.Append(Encoding.Latin1.GetString(buffer, 0, read));
            while (true)
            {
                string text = pending.ToString();
                int newline = text.IndexOf('\n');
                if (newline < 0) break;
                string line = text[..newline].TrimEnd('\r');
                pending.Remove(0, newline + 1);
                Deliver(line);
            }
        }
        void Deliver(string line)
        {
            lines.Add(line);
            if (decided == null && EmulatorRun.PanicLine.IsMatch(line)) decided = RunOutcome.Panicked;
            else if (decided == null && stopWhen != null && stopWhen(line)) decided = RunOutcome.StoppedOnMatch;
            onLine?.Invoke(line);
        }

        try
        {
            process.StandardInput.Close();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var deadline = clock.Elapsed + timeout;
            TimeSpan? panicDeadline = null;
            while (!process.HasExited && clock.Elapsed < deadline && decided != RunOutcome.StoppedOnMatch)
            {
                Drain();
                if (decided == RunOutcome.Panicked)
                {
                    panicDeadline ??= clock.Elapsed + (panicGrace ?? TimeSpan.FromMilliseconds(500));
                    if (clock.Elapsed >= panicDeadline) break;
                }
                process.WaitForExit(50);
            }
            if (process.HasExited)
            {
                process.WaitForExit();
                Drain();
                decided ??= RunOutcome.PoweredOff;
            }
            Drain();
            if (pending.Length > 0) Deliver(pending.ToString().TrimEnd('\r'));
        }
        finally
        {
            try
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                    process.WaitForExit(5000);
                }
            }
            catch (InvalidOperationException) { }
        }
        if (decided == RunOutcome.PoweredOff && EmulatorFailure() is string failure)
        {
            // Bochs stopped on its own error (e.g. a triple fault of the hypervisor), not on the shutdown port.
            lines.Add("PANIC: Bochs stopped: " + failure);
            decided = RunOutcome.Panicked;
        }
        return new RunResult(decided ?? RunOutcome.TimedOut, process.HasExited ? process.ExitCode : null, lines, clock.Elapsed);
    }

    /// <summary>Why Bochs exited, when it was not the hypervisor's power-off ("Shutdown" on port 0x8900).</summary>
    private string? EmulatorFailure()
    {
        if (!File.Exists(BochsLog)) return "no bochs.log (Bochs did not start: see its configuration " + ConfigFile + ")";
        var panics = File.ReadLines(BochsLog).Where(l => l.Contains(">>PANIC<<")).ToList();
        if (panics.Any(l => l.Contains("Shutdown port: shutdown requested"))) return null;
        return panics.Count > 0 ? panics[^1][(panics[^1].IndexOf(">>PANIC<<", StringComparison.Ordinal) + 10)..].Trim() : null;
    }

    /// <summary>The lines of bochs.log that name a failed VM entry or a Bochs panic (for test failure messages).</summary>
    public IEnumerable<string> Diagnostics() =>
        File.Exists(BochsLog)
            ? File.ReadLines(BochsLog).Where(l => l.Contains("VMENTER FAIL") || l.Contains("VMFAIL") || l.Contains(">>PANIC<<") || l.Contains("[CPU0  ] e"))
            : [];
}
