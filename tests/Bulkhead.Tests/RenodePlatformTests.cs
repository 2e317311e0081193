using System.Globalization;
using System.Text.RegularExpressions;
using Bulkhead.Config.Boards;
using Bulkhead.Emulation;
using Bulkhead.Systems;
using Xunit;

namespace Bulkhead.Tests;

/// <summary>A fact that runs only where `renode` is on the PATH and is reported as skipped elsewhere
/// (Renode is not in Debian's archive, so CI here has none).</summary>
public sealed class RenodeFactAttribute : FactAttribute
{
    public RenodeFactAttribute()
    {
        if (!RenodeMachine.IsInstalled) Skip = "renode is not on the PATH (not in Debian's archive; docs/renode.md says how to install it)";
    }
}

/// <summary>The opposite: runs only where `renode` is absent (what a user without it sees).</summary>
public sealed class RenodeAbsentFactAttribute : FactAttribute
{
    public RenodeAbsentFactAttribute()
    {
        if (RenodeMachine.IsInstalled) Skip = "renode is installed here";
    }
}

/// <summary>
/// The Renode platforms in renode-scripts/ describe the same machine as the board files they stand for
/// (cores, GIC frames, console UART and its interrupt, timer PPIs, RAM), checked statically; and where
/// Renode is installed, the hypervisor boots there and prints its banner on the console UART.
/// </summary>
public partial class RenodePlatformTests
{
    static string Scripts => Path.Combine(TestImages.Repo.Root, "renode-scripts");

    public static TheoryData<string> Boards()
    {
        var data = new TheoryData<string>();
        foreach (var p in RenodeMachine.Platforms) data.Add(p.BoardId);
        return data;
    }

    static ulong Hex(string s) => ulong.Parse(s.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? s[2..] : s, NumberStyles.HexNumber);

    [GeneratedRegex(@"^(\w+): CPU\.ARMv8A @ sysbus", RegexOptions.Multiline)] private static partial Regex CpuLine();
    [GeneratedRegex(@"address: (0x[0-9A-Fa-f]+); size: 0x[0-9A-Fa-f]+; region: ""distributor""")] private static partial Regex DistributorLine();
    [GeneratedRegex(@"address: (0x[0-9A-Fa-f]+); size: 0x[0-9A-Fa-f]+; region: ""cpuInterface""")] private static partial Regex CpuInterfaceLine();
    [GeneratedRegex(@"ArmGicRedistributorRegistration \{ attachedCPU: \w+; address: (0x[0-9A-Fa-f]+) \}")] private static partial Regex RedistributorLine();
    [GeneratedRegex(@"ARM_GenericInterruptControllerVersion\.(GICv\d)")] private static partial Regex GicVersionLine();
    [GeneratedRegex(@"^(\w+): Memory\.MappedMemory @ sysbus (0x[0-9A-Fa-f]+)\s*\n\s*size: (0x[0-9A-Fa-f]+)", RegexOptions.Multiline)] private static partial Regex MemoryLine();
    [GeneratedRegex(@"(\w+)IRQ -> gic#0@(\d+)")] private static partial Regex TimerLine();

    static (string Kind, ulong Base, uint Spi) Uart(string repl, string name)
    {
        var m = Regex.Match(repl, $@"^{name}: UART\.(\w+) @ sysbus (0x[0-9A-Fa-f]+)\s*\n\s*-> gic@(\d+)", RegexOptions.Multiline);
        Assert.True(m.Success, $"{name} not found as 'UART.<kind> @ sysbus <address>' with '-> gic@<spi>'");
        return (m.Groups[1].Value, Hex(m.Groups[2].Value), uint.Parse(m.Groups[3].Value));
    }

    [Theory]
    [MemberData(nameof(Boards))]
    public void Platform_matches_its_board_file(string boardId)
    {
        var platform = RenodeMachine.For(boardId)!;
        var board = BoardTargets.LoadBoard(TestImages.Repo, boardId);
        string repl = File.ReadAllText(Path.Combine(Scripts, platform.PlatformFile));

        Assert.Equal(board.Cores.Count, CpuLine().Matches(repl).Count);

        var uart = Uart(repl, platform.ConsoleUart);
        Assert.Equal(board.ConsoleBase, uart.Base);
        Assert.Equal(board.ConsoleInterrupt, uart.Spi + 32);
        Assert.Equal(board.ConsoleType, uart.Kind switch { "PL011" => UartKind.Pl011, "Cadence_UART" => UartKind.Cadence, _ => throw new InvalidOperationException($"unmapped Renode UART {uart.Kind}") });

        Assert.Equal(board.GicDistributor, Hex(DistributorLine().Matches(repl).Single().Groups[1].Value));
        string version = GicVersionLine().Match(repl).Groups[1].Value;
        if (board.InterruptController == InterruptControllerKind.GicV3)
        {
            Assert.Equal("GICv3", version);
            var redistributors = RedistributorLine().Matches(repl).Select(m => Hex(m.Groups[1].Value)).ToList();
            Assert.Equal(Enumerable.Range(0, board.Cores.Count).Select(i => board.GicRedistributors + (ulong)i * board.GicRedistributorStride), redistributors);
        }
        else
        {
            Assert.Equal(InterruptControllerKind.GicV2, board.InterruptController);
            Assert.Equal("GICv2", version);
            Assert.Equal(board.GicCpuInterface, Hex(CpuInterfaceLine().Match(repl).Groups[1].Value));
        }

        var timers = TimerLine().Matches(repl).ToDictionary(m => m.Groups[1].Value, m => uint.Parse(m.Groups[2].Value));
        Assert.Equal((board.TimerHypervisor, board.TimerVirtual, board.TimerPhysical, board.TimerSecure),
                     (timers["NonSecureEL2PhysicalTimer"], timers["EL1VirtualTimer"], timers["EL1PhysicalTimer"], timers["EL3PhysicalTimer"]));

        var memories = MemoryLine().Matches(repl).Select(m => new AddressRange(Hex(m.Groups[2].Value), Hex(m.Groups[3].Value))).ToList();
        foreach (var bank in board.Ram)
            Assert.True(memories.Any(m => m.Base <= bank.Base && bank.End <= m.End), $"RAM bank {bank} of {boardId} is not memory in {platform.PlatformFile}");
    }

    [Theory]
    [MemberData(nameof(Boards))]
    public void Script_loads_the_platform_and_opens_the_console_uart(string boardId)
    {
        var platform = RenodeMachine.For(boardId)!;
        string resc = File.ReadAllText(Path.Combine(Scripts, platform.ScriptFile));
        Assert.Contains($"machine LoadPlatformDescription @$ORIGIN/{platform.PlatformFile}\n", resc);
        Assert.Contains($"showAnalyzer sysbus.{platform.ConsoleUart}\n", resc);
        Assert.Contains("sysbus LoadELF $elf\n", resc);
        foreach (var command in RenodeMachine.ConsoleSetupCommands(platform)) Assert.Contains(command + "\n", resc);
        Assert.Contains($"boards/{boardId}.yaml", resc);
    }

    [Fact]
    public void Generated_run_script_sends_the_console_to_a_file_and_loads_the_elf()
    {
        var machine = new RenodeMachine { ScriptsDirectory = Scripts, Board = RenodeMachine.For("zcu102")!, Elf = "/tmp/x/hv.elf", WorkDirectory = "/tmp/x/renode" };
        var lines = machine.ScriptText().Split('\n');
        Assert.Contains($"machine LoadPlatformDescription @{Path.Combine(Scripts, "zynqmp.repl")}", lines);
        Assert.Contains("sysbus.uart0 CreateFileBackend @/tmp/x/renode/renode-console.txt true", lines);
        Assert.Contains("sysbus LoadELF @/tmp/x/hv.elf", lines);
        Assert.Contains("sysbus.uart0 WriteDoubleWord 0x0 0x14", lines);   // Cadence CR: TXEN | RXEN
        Assert.Equal("start", lines.Last(l => l.Length > 0));
        Assert.Equal(["--disable-xwt", "--console", "-e", "include @/tmp/x/renode/run.resc"], machine.Arguments());
    }

    [Fact]
    public void Boards_without_a_platform_are_named_with_the_ones_that_have_one()
    {
        Assert.Equal("board 'rpi4b' has no Renode platform; renode-scripts/ has: qemu-virt-gicv3, zcu102, zcu104 (docs/renode.md)", RenodeMachine.Unsupported("rpi4b"));
        Assert.Null(RenodeMachine.Unsupported("zcu102"));
    }

    [RenodeAbsentFact]
    public void Run_with_renode_absent_says_where_to_get_it_before_building()
    {
        var (exit, stdout, stderr) = BulkheadCli.Run(TestImages.Repo.Root, "run", "--emulator", "renode", "examples/systems/zcu104.yaml");
        Assert.Equal(2, exit);
        Assert.Equal("", stdout);   // nothing was built
        Assert.Equal($"run: {RenodeMachine.MissingMessage}\n", stderr);
    }

    /// <summary>In Renode the hypervisor boots and prints its banner on the console UART; domains need
    /// stage-2 and virtual interrupts, which Renode does not emulate (docs/renode.md), so only the
    /// hypervisor's own boot is asserted.</summary>
    [RenodeFact]
    public void Hypervisor_prints_its_banner_in_renode_on_the_gicv3_platform()
    {
        var (image, board) = ImageBuilder.BuildHypervisor(TestImages.Repo, "qemu-virt-gicv3", injectFault: false, TextWriter.Null);
        var machine = new RenodeMachine
        {
            ScriptsDirectory = Scripts, Board = RenodeMachine.For(board.Id)!, Elf = image.Elf,
            WorkDirectory = Path.Combine(TestImages.Repo.OutputRoot, "renode-test"),
        };
        var run = machine.Run(TimeSpan.FromSeconds(60), stopWhen: l => l.StartsWith("Bulkhead ", StringComparison.Ordinal));
        Assert.Contains(run.Lines, l => l.StartsWith("Bulkhead ", StringComparison.Ordinal) && l.Contains("running at EL2 on board qemu-virt-gicv3", StringComparison.Ordinal));
    }
}
