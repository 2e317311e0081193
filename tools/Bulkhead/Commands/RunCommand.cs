using System.CommandLine;
using Bulkhead.Build;
using Bulkhead.Config.Boards;
using Bulkhead.Emulation;

namespace Bulkhead.Cli.Commands;

/// <summary>`bulkhead run`: build, boot in QEMU, stream the console, exit with the system's outcome.</summary>
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
        var command = new Command("run", "Build and boot a board's image in QEMU; exits 0 when the system powers itself off");
        foreach (var o in new Option[] { board, fault, timeout, cores, cpu, gdb }) command.Options.Add(o);
        command.SetAction(parse => Run(RepoLayout.Find(), parse.GetValue(board)!, parse.GetValue(fault),
            parse.GetValue(timeout), parse.GetValue(cores), parse.GetValue(cpu)!, parse.GetValue(gdb)));
        return command;
    }

    public static int Run(RepoLayout repo, string boardId, bool injectFault, int timeoutSeconds, int? cores, string cpu, int? gdbPort)
    {
        var (image, board) = ImageBuilder.BuildHypervisor(repo, boardId, injectFault, Console.Out);
        var machine = MachineFor(board, image, cores, cpu) with { GdbPort = gdbPort };
        Console.WriteLine($"run: {QemuArm64Machine.Executable} {string.Join(' ', machine.Arguments())}");
        if (gdbPort != null)
            Console.WriteLine($"run: waiting for GDB: gdb-multiarch {Path.GetRelativePath(repo.Root, image.Elf)} -ex 'target remote :{gdbPort}'");
        var result = EmulatorRun.Run(QemuArm64Machine.Executable, machine.Arguments(), TimeSpan.FromSeconds(timeoutSeconds),
            onLine: Console.WriteLine);
        switch (result.Outcome)
        {
            case RunOutcome.PoweredOff:
                Console.WriteLine($"run: system powered off after {result.Elapsed.TotalSeconds:0.0} s");
                return result.ExitCode ?? 0;
            case RunOutcome.Panicked:
                Console.Error.WriteLine("run: the hypervisor panicked; emulator stopped");
                return ExitPanic;
            default:
                Console.Error.WriteLine($"run: no power-off within {timeoutSeconds} s; emulator stopped");
                return ExitTimeout;
        }
    }

    public static QemuArm64Machine MachineFor(Board board, NativeImage image, int? cores, string cpu)
    {
        bool virt = board.Id.StartsWith("qemu-virt", StringComparison.Ordinal);
        if (!virt && board.Id != "qemu-raspi3b")
            throw new BuildException($"board '{board.Id}' is real hardware: QEMU cannot run it. Use a qemu-* board, or copy out/{board.Id}/hv.bin to the board.");
        return new QemuArm64Machine
        {
            Model = virt ? "virt" : "raspi3b",
            GicVersion = board.InterruptController == InterruptControllerKind.GicV2 ? 2 : 3,
            Cpu = cpu,
            Cores = cores ?? board.Cores.Count,
            Kernel = virt ? image.Elf : image.RawBinary,
        };
    }
}
