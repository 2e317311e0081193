using Bulkhead.Systems;
using System.CommandLine;
using Bulkhead.Build;
using Bulkhead.Config.Boards;
using Bulkhead.Config.Linux;
using Bulkhead.Emulation;

namespace Bulkhead.Cli.Commands;

/// <summary>`bulkhead run`: build, boot in QEMU (or Renode), stream the console, exit with the system's outcome.</summary>
public static class RunCommand
{
    public const int ExitTimeout = 124, ExitPanic = 3;

    public static Command Create()
    {
        var board = CommonOptions.Board();
        var fault = CommonOptions.InjectFault();
        var timeout = CommonOptions.Timeout(60);
        var cores = new Option<int?>("--smp") { Description = "Number of emulated cores (default: the board's core count)" };
        var cpu = new Option<string>("--cpu") { Description = "Emulated CPU model", DefaultValueFactory = _ => "cortex-a72" };
        var gdb = new Option<int?>("--gdb") { Description = "Wait for GDB on this TCP port before the first instruction (see docs/debugging.md)" };
        var icount = new Option<int?>("--icount")
        {
            Description = "Deterministic virtual time (QEMU -icount shift=N,align=off,sleep=off: 2^N ns per instruction), as the tests run",
        };
        var emulator = new Option<string>("--emulator")
        {
            Description = "qemu (default) or renode (when `renode` is on the PATH; boards with a platform in renode-scripts/, see docs/renode.md)",
            DefaultValueFactory = _ => "qemu",
        };
        emulator.AcceptOnlyFromAmong("qemu", "renode");
        var json = new Option<bool>("--json") { Description = "Print each console line as a JSON object {\"domain\": name or \"hv\", \"text\": ...}" };
        var system = new Argument<FileInfo?>("system")
        {
            Description = "A system description (system.yaml) to build and boot; without it, the bare hypervisor for --board boots",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var command = new Command("run", "Build and boot a system (or a board's bare hypervisor) in QEMU; exits 0 when it powers itself off");
        command.Arguments.Add(system);
        foreach (var o in new Option[] { board, fault, timeout, cores, cpu, gdb, icount, json, emulator }) command.Options.Add(o);
        command.SetAction(parse =>
        {
            var repo = RepoLayout.Find();
            var log = parse.GetValue(json) ? TextWriter.Null : Console.Out;
            bool renode = parse.GetValue(emulator) == "renode";
            if (renode && !RenodeMachine.IsInstalled)
            {
                Console.Error.WriteLine($"run: {RenodeMachine.MissingMessage}");
                return 2;
            }
            IReadOnlyList<LinuxBlob> blobs = [];
            var (image, boardInfo) = parse.GetValue(system) is FileInfo file
                ? BuildSystem(repo, file.FullName, parse.GetValue(fault), log, out blobs)
                : ImageBuilder.BuildHypervisor(repo, parse.GetValue(board)!, parse.GetValue(fault), log);
            if (renode) return BootInRenode(repo, image, boardInfo, parse.GetValue(timeout), parse.GetValue(json));
            return Boot(repo, image, boardInfo, parse.GetValue(timeout), parse.GetValue(cores), parse.GetValue(cpu)!, parse.GetValue(gdb), parse.GetValue(json), parse.GetValue(icount), blobs);
        });
        return command;
    }

    private static (NativeImage, Board) BuildSystem(RepoLayout repo, string file, bool injectFault, TextWriter log, out IReadOnlyList<LinuxBlob> blobs)
    {
        var result = SystemBuilder.Build(repo, file, log, new HypervisorOptions { InjectFault = injectFault });
        blobs = result.Blobs;
        return (result.Hypervisor, result.Board);
    }

    /// <summary>Renode: the board's platform from renode-scripts/, console from its UART file backend.</summary>
    public static int BootInRenode(RepoLayout repo, NativeImage image, Board board, int timeoutSeconds, bool json)
    {
        var log = json ? Console.Error : Console.Out;
        if (RenodeMachine.For(board.Id) is not { } platform)
        {
            Console.Error.WriteLine($"run: {RenodeMachine.Unsupported(board.Id)}");
            return 2;
        }
        var machine = new RenodeMachine
        {
            ScriptsDirectory = Path.Combine(repo.Root, "renode-scripts"),
            Board = platform,
            Elf = image.Elf,
            WorkDirectory = Path.Combine(Path.GetDirectoryName(image.Elf)!, "renode"),
        };
        log.WriteLine($"run: {RenodeMachine.Executable} {string.Join(' ', machine.Arguments())} (platform renode-scripts/{platform.PlatformFile}; Renode does not perform stage-2 translation: docs/renode.md)");
        Action<string> onLine = json ? line => Console.WriteLine(ConsoleLine.Parse(line).ToJson()) : Console.WriteLine;
        return Outcome(machine.Run(TimeSpan.FromSeconds(timeoutSeconds), onLine), timeoutSeconds, log);
    }

    public static int Boot(RepoLayout repo, NativeImage image, Board board, int timeoutSeconds, int? cores, string cpu, int? gdbPort, bool json, int? icountShift = null, IReadOnlyList<LinuxBlob>? blobs = null)
    {
        var log = json ? Console.Error : Console.Out;
        Action<string> onLine = json ? line => Console.WriteLine(ConsoleLine.Parse(line).ToJson()) : Console.WriteLine;
        RunResult result;
        if (BoardTargets.ToHypervisorTarget(board).Arch == TargetArch.X64)
        {
            // x86: VT-x needs Bochs (QEMU without KVM has no VMX): boot the GRUB ISO.
            if (board.Id != "bochs-x86")
                throw new BuildException($"board '{board.Id}' is real hardware: boot out/.../hv32.elf with a multiboot loader (GRUB). Bochs runs the bochs-x86 board.");
            var bochs = new BochsMachine { Iso = X86BootMedia.BootIso(Toolchain.Locate(), image), Cores = cores ?? board.Cores.Count };
            log.WriteLine($"run: {BochsMachine.Executable} with {bochs.Cores} cores (GRUB ISO {Path.GetRelativePath(repo.Root, bochs.Iso)})");
            result = bochs.Run(TimeSpan.FromSeconds(timeoutSeconds), onLine);
        }
        else
        {
            var machine = Machines.QemuFor(board, image, cores, cpu, blobs) with { GdbPort = gdbPort, IcountShift = icountShift };
            log.WriteLine($"run: {QemuArm64Machine.Executable} {string.Join(' ', machine.Arguments())}");
            if (gdbPort != null)
                log.WriteLine($"run: waiting for GDB: gdb-multiarch {Path.GetRelativePath(repo.Root, image.Elf)} -ex 'target remote :{gdbPort}'");
            result = EmulatorRun.Run(QemuArm64Machine.Executable, machine.Arguments(), TimeSpan.FromSeconds(timeoutSeconds), onLine: onLine);
        }
        return Outcome(result, timeoutSeconds, log);
    }

    private static int Outcome(RunResult result, int timeoutSeconds, TextWriter log)
    {
        switch (result.Outcome)
        {
            case RunOutcome.PoweredOff:
                log.WriteLine($"run: system powered off after {result.Elapsed.TotalSeconds:0.0} s");
                return 0; // QEMU exits 0 on PSCI SYSTEM_OFF; Bochs always exits 1 on its shutdown port
            case RunOutcome.Panicked:
                Console.Error.WriteLine("run: the hypervisor panicked; emulator stopped");
                return ExitPanic;
            default:
                Console.Error.WriteLine($"run: no power-off within {timeoutSeconds} s; emulator stopped");
                return ExitTimeout;
        }
    }
}
