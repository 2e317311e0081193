using Bulkhead.Systems;
using System.CommandLine;
using Bulkhead.Build;
using Bulkhead.Config.Boards;
using Bulkhead.Config.Linux;
using Bulkhead.Emulation;
using Bulkhead.Cli;
using Bulkhead.Cli.HostMode;

namespace Bulkhead.Cli.Commands;

/// <summary>
/// `bulkhead run [system.yaml | service-folder]`: build, boot in QEMU (or Renode), stream the console
/// on stdout (progress on stderr), exit with the system's outcome: 0 powered off, 1 panic, 124 timeout.
/// </summary>
public static class RunCommand
{

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
        var host = new Option<bool>("--host")
        {
            Description = "Run the service, or each domain of the system, as a .NET process on this machine (no emulator, no " +
                          "isolation; channels as shared memory): docs/host-mode.md",
        };
        var domainCores = CommonOptions.ServiceCores();
        var memory = CommonOptions.ServiceMemory();
        var target = CommonOptions.Target("build and boot");
        var command = new Command("run",
            "Build and boot a system, a service folder (alone in a one-domain system on --board) or a board's bare hypervisor " +
            "in QEMU; console lines on stdout; exits 0 when the system powers itself off");
        command.Arguments.Add(target);
        foreach (var o in new Option[] { board, domainCores, memory, fault, timeout, cores, cpu, gdb, icount, json, emulator, host }) command.Options.Add(o);
        command.SetAction(parse =>
        {
            var repo = CommonOptions.Repo();
            if (parse.GetValue(host))
                return RunOnHost(repo, ProjectTarget.Resolve(repo, parse.GetValue(target)), parse.GetValue(domainCores), parse.GetValue(timeout), parse.GetValue(json));
            bool renode = parse.GetValue(emulator) == "renode";
            if (renode && !RenodeMachine.IsInstalled)
            {
                Console.Error.WriteLine($"run: {RenodeMachine.MissingMessage}");
                return ExitCodes.Usage;
            }
            var what = ProjectTarget.Resolve(repo, parse.GetValue(target));
            var built = TargetBuilder.Build(repo, what, parse.GetValue(board)!, parse.GetValue(domainCores), parse.GetValue(memory)!, parse.GetValue(fault), Terminal.Progress);
            var (image, boardInfo) = (built.Hypervisor, built.Board);
            IReadOnlyList<LinuxBlob> blobs = built.System?.Blobs ?? [];
            if (renode) return BootInRenode(repo, image, boardInfo, parse.GetValue(timeout), parse.GetValue(json));
            // A system with 'network:' gets its card a wire on 127.0.0.1 that nothing listens to: the driver
            // domain finds its device, the clients talk through it, and no frame leaves the machine.
            // A system with 'management:': the card's wire ends in a relay that answers only the
            // management port, so `bulkhead ctl --system` reaches the manager and nothing leaves the machine.
            using var relay = built.System?.System is { } resolved ? Ctl.ManagementRelay.For(resolved) : null;
            if (relay != null)
                Terminal.Progress.WriteLine($"run: management: 127.0.0.1:{relay.HostPort} (UDP) reaches {built.System!.System.Management!.Server.Name} at " +
                                            $"{Ctl.ManagementRelay.Dotted(relay.ServerIp)}:{relay.ServerPort} (relayed from {Ctl.ManagementRelay.Dotted(relay.RelayIp)} on the card's loopback wire); " +
                                            $"try: bulkhead ctl --system {parse.GetValue(target)} list");
            IReadOnlyList<UdpNic> nics = relay != null ? [relay.Nic] : built.System?.System.Network is null ? [] : [LoopbackNic()];
            return Boot(repo, image, boardInfo, parse.GetValue(timeout), parse.GetValue(cores), parse.GetValue(cpu)!, parse.GetValue(gdb), parse.GetValue(json), parse.GetValue(icount), blobs, nics);
        });
        return command;
    }

    /// <summary>`run --host`: the service or the system's domains as processes (docs/host-mode.md).</summary>
    public static int RunOnHost(RepoLayout repo, ProjectTarget what, int cores, int timeoutSeconds, bool json)
    {
        HostSystemPlan plan;
        if (what.SystemFile is { } file)
        {
            TargetBuilder.Check(file);
            plan = HostSystemPlan.ForSystem(repo, file);
        }
        else if (what.Service is { } service)
        {
            if (cores is < 1 or > 8) throw new UsageException($"--cores {cores}: give 1 to 8");
            plan = HostSystemPlan.ForService(service, cores);
        }
        else throw new UsageException("run --host: give a service folder or a system file (or run it inside a service folder): there is no hypervisor to run on the host");
        Action<string> onLine = json ? line => Console.WriteLine(ConsoleLine.Parse(line).ToJson()) : Console.WriteLine;
        return HostRunner.Run(repo, plan, timeoutSeconds, onLine, Terminal.Progress);
    }

    /// <summary>Renode: the board's platform from renode-scripts/, console from its UART file backend.</summary>
    public static int BootInRenode(RepoLayout repo, NativeImage image, Board board, int timeoutSeconds, bool json)
    {
        var log = Terminal.Progress;
        if (RenodeMachine.For(board.Id) is not { } platform)
        {
            Console.Error.WriteLine($"run: {RenodeMachine.Unsupported(board.Id)}");
            return ExitCodes.Usage;
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

    public static int Boot(RepoLayout repo, NativeImage image, Board board, int timeoutSeconds, int? cores, string cpu, int? gdbPort, bool json, int? icountShift = null, IReadOnlyList<LinuxBlob>? blobs = null, IReadOnlyList<UdpNic>? nics = null)
    {
        var log = Terminal.Progress;
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
            var machine = Machines.QemuFor(board, image, cores, cpu, blobs) with { GdbPort = gdbPort, IcountShift = icountShift, Nics = nics ?? [] };
            log.WriteLine($"run: {QemuArm64Machine.Executable} {string.Join(' ', machine.Arguments())}");
            if (gdbPort != null)
                log.WriteLine($"run: waiting for GDB: gdb-multiarch {Path.GetRelativePath(repo.Root, image.Elf)} -ex 'target remote :{gdbPort}'");
            result = EmulatorRun.Run(QemuArm64Machine.Executable, machine.Arguments(), TimeSpan.FromSeconds(timeoutSeconds), onLine: onLine,
                stopWhen: line => line == HaltLine);
        }
        return Outcome(result, timeoutSeconds, log);
    }

    /// <summary>
    /// What the hypervisor prints when every domain has finished on a board without firmware power-off
    /// (Raspberry Pi 3: no PSCI; hv-arm64/Arm64Architecture.cs): the end of the run, like a power-off.
    /// </summary>
    private const string HaltLine = "hv: no firmware power-off on this board; halting";

    private static int Outcome(RunResult result, int timeoutSeconds, TextWriter log)
    {
        switch (result.Outcome)
        {
            case RunOutcome.StoppedOnMatch:
                log.WriteLine(Terminal.Green($"run: system halted (no firmware power-off on this board) after {result.Elapsed.TotalSeconds:0.0} s; emulator stopped", Terminal.ColourOnStderr));
                return ExitCodes.Ok;
            case RunOutcome.PoweredOff:
                log.WriteLine(Terminal.Green($"run: system powered off after {result.Elapsed.TotalSeconds:0.0} s", Terminal.ColourOnStderr));
                return ExitCodes.Ok; // QEMU exits 0 on PSCI SYSTEM_OFF; Bochs always exits 1 on its shutdown port
            case RunOutcome.Panicked:
                Console.Error.WriteLine(Terminal.Red("run: the hypervisor panicked; emulator stopped", Terminal.ColourOnStderr));
                return ExitCodes.Failed;
            default:
                Console.Error.WriteLine(Terminal.Red($"run: no power-off within {timeoutSeconds} s; emulator stopped", Terminal.ColourOnStderr));
                return ExitCodes.Timeout;
        }
    }

    /// <summary>A virtio-net card on a `-netdev socket` UDP wire between two free ports of 127.0.0.1.</summary>
    private static UdpNic LoopbackNic()
    {
        static int FreePort()
        {
            using var probe = new System.Net.Sockets.UdpClient(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
            return ((System.Net.IPEndPoint)probe.Client.LocalEndPoint!).Port;
        }
        return new UdpNic(FreePort(), FreePort(), "02:00:00:00:00:01");
    }
}
