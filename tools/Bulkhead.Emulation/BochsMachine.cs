using System.Diagnostics;

namespace Bulkhead.Emulation;

/// <summary>
/// Bochs with VT-x (Debian's build has VMX with EPT, unrestricted guest and VPID) booting a GRUB
/// ISO from its CD-ROM drive. COM1 goes to a file, which EmulatorRun follows as the console.
/// Bochs is always killed at the end.
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
        var info = new ProcessStartInfo(Executable) { WorkingDirectory = Directory };
        foreach (var a in Prepare()) info.ArgumentList.Add(a);
        info.Environment["TERM"] = "vt100"; // the term display needs a terminal type, even with nobody watching
        var result = EmulatorRun.Run(info, SerialLog, timeout, onLine, stopWhen, panicGrace ?? TimeSpan.FromMilliseconds(500));
        if (result.Outcome == RunOutcome.PoweredOff && EmulatorFailure() is string failure)
            // Bochs stopped on its own error (e.g. a triple fault of the hypervisor), not on the shutdown port.
            return result with { Outcome = RunOutcome.Panicked, Lines = [.. result.Lines, "PANIC: Bochs stopped: " + failure] };
        return result;
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
