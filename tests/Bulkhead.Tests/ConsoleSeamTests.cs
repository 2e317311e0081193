using Bulkhead.Build;
using Bulkhead.Systems;
using Xunit;

namespace Bulkhead.Tests;

/// <summary>
/// The build-time choice of the console driver: the board's console type becomes the ConsoleUart
/// alias in both seams and a generated early_putc for entry.S; a type without a driver for the
/// architecture stops the build with the board file and field named.
/// </summary>
[Collection("emulator")] // the image build below shares out/ and the two cores with the emulator tests
public class ConsoleSeamTests
{
    private static BoardFacts Arm64Board(ConsoleUartType type, uint shift = 0, uint width = 1) => new()
    {
        Id = "test-board", File = "boards/test-board.yaml", UartBase = 0x2800000, ConsoleType = type,
        ConsoleRegShift = shift, ConsoleRegIoWidth = width, InterruptController = InterruptControllerType.GicV3,
    };

    public static readonly TheoryData<ConsoleUartType, string> Aliases = new()
    {
        { ConsoleUartType.Pl011, "Bulkhead.Drivers.Pl011" },
        { ConsoleUartType.MiniUart, "Bulkhead.Drivers.Bcm2835MiniUart" },
        { ConsoleUartType.Cadence, "Bulkhead.Drivers.CadenceUart" },
        { ConsoleUartType.Lpuart, "Bulkhead.Drivers.ImxLpuart" },
        { ConsoleUartType.ImxUart, "Bulkhead.Drivers.ImxUart" },
        { ConsoleUartType.Ns16550, "Bulkhead.Drivers.Ns16550<Bulkhead.Generated.ConsoleRegisterLayout>" },
    };

    [Theory, MemberData(nameof(Aliases))]
    public void HypervisorAndGuestsBuildInTheBoardsConsoleDriver(ConsoleUartType type, string driver)
    {
        var board = Arm64Board(type);
        string line = $"global using ConsoleUart = {driver};";
        Assert.Contains(line, BoardConstants.HypervisorSeams(board).Split('\n').Select(l => l.Trim()));
        Assert.Contains(line, BoardConstants.GuestSeams(board).Split('\n').Select(l => l.Trim()));
        Assert.Equal(type == ConsoleUartType.Ns16550, BoardConstants.Source(board).Contains("struct ConsoleRegisterLayout"));
    }

    [Fact]
    public void Ns16550WiringBecomesTheLayoutType()
    {
        string source = BoardConstants.Source(Arm64Board(ConsoleUartType.Ns16550, shift: 2, width: 4));
        Assert.Contains("public static int RegShift => 2;", source);
        Assert.Contains("public static bool WordAccess => true;", source);
        Assert.Contains("public const int ConsoleRegShift = 2;", source);
        Assert.Contains("public const int ConsoleRegIoWidth = 4;", source);
        Assert.Contains("public const string ConsoleType = \"ns16550\";", source);
    }

    [Fact]
    public void X86KeepsItsPortIo16550AndRefusesOtherConsoleTypesNamingTheBoardFileAndField()
    {
        var pc = Arm64Board(ConsoleUartType.Ns16550) with { Arch = TargetArch.X64, UartBase = 0x3F8, InterruptController = InterruptControllerType.LocalApic };
        Assert.DoesNotContain("ConsoleUart", BoardConstants.HypervisorSeams(pc));
        Assert.DoesNotContain("ConsoleUart", BoardConstants.GuestSeams(pc));

        var e = Assert.Throws<BuildException>(() => BoardConstants.HypervisorSeams(pc with { ConsoleType = ConsoleUartType.Pl011 }));
        Assert.StartsWith("boards/test-board.yaml: console.type: 'pl011' has no x86_64 driver.", e.Message);
        Assert.Throws<BuildException>(() => BoardConstants.GuestSeams(pc with { ConsoleType = ConsoleUartType.Lpuart }));
    }

    [Fact]
    public void BoardFactsCarryTheConsoleFieldsOfTheBoardFile()
    {
        var facts = BoardTargets.Facts(BoardTargets.LoadBoard(TestImages.Repo, "zcu102"));
        Assert.Equal(ConsoleUartType.Cadence, facts.ConsoleType);
        Assert.Equal(0xFF000000UL, facts.UartBase);
        Assert.EndsWith("zcu102.yaml", facts.File);
    }

    public static readonly TheoryData<ConsoleUartType, uint, uint, string, string> EarlyPutc = new()
    {
        { ConsoleUartType.Pl011, 0, 1, "[x1, #0x18]", "str w0, [x1]" },
        { ConsoleUartType.MiniUart, 0, 1, "[x1, #0x14]", "str w0, [x1]" },
        { ConsoleUartType.Cadence, 0, 1, "[x1, #0x2c]", "str w0, [x1, #0x30]" },
        { ConsoleUartType.Lpuart, 0, 1, "[x1, #0x14]", "str w0, [x1, #0x1c]" },
        { ConsoleUartType.ImxUart, 0, 1, "[x1, #0xb4]", "str w0, [x1, #0x40]" },
        { ConsoleUartType.Ns16550, 0, 1, "ldrb w2, [x1, #5]", "strb w0, [x1]" },
        { ConsoleUartType.Ns16550, 2, 4, "ldr w2, [x1, #20]", "str w0, [x1]" },
    };

    /// <summary>Each console type's early_putc polls and writes the right registers and assembles.</summary>
    [Theory, MemberData(nameof(EarlyPutc))]
    public void EarlyPutcAssemblesForEveryConsoleType(ConsoleUartType type, uint shift, uint width, string poll, string write)
    {
        string asm = ConsoleDrivers.EarlyPutcSource(Arm64Board(type, shift, width));
        string Squeeze(string s) => string.Join(' ', s.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(poll, Squeeze(asm));
        Assert.Contains(write, Squeeze(asm));
        Assert.Contains("ldr x1, =0x2800000", Squeeze(asm));

        string folder = Path.Combine(TestImages.Repo.OutputRoot, "test-early-console", $"{type}-{shift}-{width}");
        Directory.CreateDirectory(folder);
        string file = Path.Combine(folder, ConsoleDrivers.EarlyConsoleFileName);
        File.WriteAllText(file, asm);
        ProcessRunner.RunChecked("assembling early_putc", Toolchain.Locate().Clang,
            [$"--target={TargetArch.Arm64.ClangTriple()}", "-c", file, "-o", Path.ChangeExtension(file, ".o")]);
        Assert.True(ElfFile.Read(Path.ChangeExtension(file, ".o")).Symbols.ContainsKey("early_putc"));
    }

    /// <summary>
    /// The 16550 driver is generic over its wiring: a hypervisor for a TI K3-like console (4-byte
    /// stride, 32-bit accesses) and one for an LPUART go through ILCompiler and link.
    /// </summary>
    [Theory]
    [InlineData(ConsoleUartType.Ns16550, 2u, 4u)]
    [InlineData(ConsoleUartType.Lpuart, 0u, 1u)]
    [InlineData(ConsoleUartType.ImxUart, 0u, 1u)]
    public void HypervisorImageBuildsWithThe16550AndImxDrivers(ConsoleUartType type, uint shift, uint width)
    {
        var target = TestImages.Target("qemu-virt-gicv3");
        target = target with { Facts = target.Facts with { ConsoleType = type, ConsoleRegShift = shift, ConsoleRegIoWidth = width } };
        var spec = HypervisorBuild.Spec(TestImages.Repo, target, new HypervisorOptions { Flavor = $"console-{type}-{shift}-{width}".ToLowerInvariant() });
        var image = new NativeBuilder(Toolchain.Locate()).Build(spec);
        var symbols = ElfFile.Read(image.Elf).Symbols;
        Assert.True(symbols.ContainsKey("early_putc"));
        Assert.True(symbols.ContainsKey("kmain"));
    }
}
