using System.Diagnostics;

namespace Bulkhead.Emulation;

/// <summary>
/// Renode (https://renode.io) booting a hypervisor ELF on one of the platforms in renode-scripts/.
/// Renode is not in Debian, so it is used only when `renode` is on the PATH. The console UART is sent
/// to a file that EmulatorRun follows. Renode does not exit on PSCI SYSTEM_OFF, so a run ends on the
/// hypervisor's last line, a PANIC, or the timeout, and Renode is always killed at the end.
/// What Renode's ARMv8 models support, and so which Bulkhead features run there: docs/renode.md.
/// </summary>
public sealed record RenodeMachine
{
    public const string Executable = "renode";

    /// <summary>A Renode platform of renode-scripts/, the UART that is the board's console, and the
    /// (offset, value) writes that enable it as the boot firmware would have (Renode's UART models start
    /// disabled; on the board the FSBL or U-Boot has set them up before the hypervisor runs).</summary>
    public sealed record Platform(string BoardId, string PlatformFile, string ScriptFile, string ConsoleUart, (uint Offset, uint Value)[] ConsoleSetup);

    // PL011: LCR_H (0x2C) 8N1, CR (0x30) UARTEN | TXE | RXE. Cadence: MR (0x04) 8N1, CR (0x00) TXEN | RXEN.
    static readonly (uint, uint)[] Pl011Setup = [(0x2C, 0x60), (0x30, 0x301)];
    static readonly (uint, uint)[] CadenceSetup = [(0x04, 0x20), (0x00, 0x14)];

    /// <summary>The boards Renode models, with the platform (.repl) and script (.resc) that describe them.</summary>
    public static readonly IReadOnlyList<Platform> Platforms =
    [
        new("qemu-virt-gicv3", "cortex-a53-gicv3.repl", "qemu-virt-gicv3.resc", "uart0", Pl011Setup),
        new("zcu102", "zynqmp.repl", "zcu102.resc", "uart0", CadenceSetup),
        new("zcu104", "zynqmp.repl", "zcu104.resc", "uart0", CadenceSetup),
    ];

    /// <summary>Monitor commands that enable the console UART (the same lines the .resc scripts carry).</summary>
    public static IEnumerable<string> ConsoleSetupCommands(Platform platform) =>
        platform.ConsoleSetup.Select(w => $"sysbus.{platform.ConsoleUart} WriteDoubleWord 0x{w.Offset:X} 0x{w.Value:X}");

    /// <summary>The line the hypervisor prints last before it switches the machine off.</summary>
    public const string PowerOffLine = "hv: no domain left running, powering off";

    public required string ScriptsDirectory { get; init; }
    public required Platform Board { get; init; }
    public required string Elf { get; init; }
    /// <summary>Where the generated script and the console log go.</summary>
    public required string WorkDirectory { get; init; }

    public string ConsoleLog => Path.Combine(WorkDirectory, "renode-console.txt");
    public string Script => Path.Combine(WorkDirectory, "run.resc");

    public static Platform? For(string boardId) => Platforms.FirstOrDefault(p => p.BoardId == boardId);

    /// <summary>Why a board cannot run in Renode (null when it can).</summary>
    public static string? Unsupported(string boardId) => For(boardId) is null
        ? $"board '{boardId}' has no Renode platform; renode-scripts/ has: {string.Join(", ", Platforms.Select(p => p.BoardId))} (docs/renode.md)"
        : null;

    /// <summary>The full path of `renode` when it is on the PATH.</summary>
    public static string? Locate()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(dir, Executable);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    public static bool IsInstalled => Locate() is not null;

    public const string MissingMessage =
        "'renode' is not on the PATH. Renode is not in Debian's archive: install a release from https://renode.io "
        + "(the portable Linux tarball or the .deb from its GitHub releases) and put `renode` on the PATH, or run in QEMU (the default emulator).";

    /// <summary>The monitor script: platform, console to a file (unbuffered), the image, start.</summary>
    public string ScriptText() =>
        $"""
        using sysbus
        mach create "bulkhead-{Board.BoardId}"
        machine LoadPlatformDescription @{Path.GetFullPath(Path.Combine(ScriptsDirectory, Board.PlatformFile))}
        sysbus.{Board.ConsoleUart} CreateFileBackend @{Path.GetFullPath(ConsoleLog)} true
        {string.Join("\n", ConsoleSetupCommands(Board))}
        sysbus LoadELF @{Path.GetFullPath(Elf)}
        start

        """;

    /// <summary>Headless Renode: no GUI window, monitor on the console, the generated script run at start.</summary>
    public IReadOnlyList<string> Arguments() => ["--disable-xwt", "--console", "-e", $"include @{Path.GetFullPath(Script)}"];

    public RunResult Run(TimeSpan timeout, Action<string>? onLine = null, Func<string, bool>? stopWhen = null)
    {
        if (Locate() is null) throw new RenodeMissingException();
        Directory.CreateDirectory(WorkDirectory);
        File.WriteAllText(Script, ScriptText());
        File.Delete(ConsoleLog);
        File.WriteAllText(ConsoleLog, "");
        var info = new ProcessStartInfo(Executable) { WorkingDirectory = WorkDirectory };
        foreach (var a in Arguments()) info.ArgumentList.Add(a);
        var result = EmulatorRun.Run(info, ConsoleLog, timeout, onLine, line => line == PowerOffLine || (stopWhen?.Invoke(line) ?? false));
        // The power-off line is the end of the run: what QEMU reports by exiting.
        return result.Outcome == RunOutcome.StoppedOnMatch && result.Lines.Contains(PowerOffLine) ? result with { Outcome = RunOutcome.PoweredOff } : result;
    }
}

/// <summary>`renode` is not on the PATH (it is not in Debian: the message says where to get it).</summary>
public sealed class RenodeMissingException() : Exception(RenodeMachine.MissingMessage);
