using Bulkhead.Core;
using Xunit;

namespace Bulkhead.Tests.Core;

/// <summary>hv-core's banner, console and panic, run on the host against the simulated architecture.</summary>
public class BannerAndConsoleTests
{
    private static BootInfo Info(int boardCores) => new() { Version = "9.8.7", Board = "test-board", BoardCores = boardCores };

    [Fact]
    public void BootPrintsBannerWithVersionLevelBoardAndCores()
    {
        SimulatedArchitecture.Reset(cores: 3);
        Hypervisor<SimulatedArchitecture>.Boot(Info(8));
        Assert.Equal("Bulkhead 9.8.7 (sim) running at EL2 on board test-board, 3 cores\r\n", SimulatedArchitecture.ConsoleOutput.ToString());
    }

    [Fact]
    public void CoreCountIsCappedAtTheBoardsCores()
    {
        SimulatedArchitecture.Reset(cores: 16);
        Assert.EndsWith(", 4 cores", Hypervisor<SimulatedArchitecture>.Banner(Info(4), SimulatedArchitecture.CountCores(4)));
    }

    [Fact]
    public void SingleCoreIsSingular()
    {
        Assert.EndsWith(", 1 core", Hypervisor<SimulatedArchitecture>.Banner(Info(1), 1));
    }

    [Fact]
    public void ConsoleTurnsNewlinesIntoCrLfAndReplacesNonAscii()
    {
        SimulatedArchitecture.Reset(1);
        HvConsole<SimulatedArchitecture>.Write("a\nb\u00e9");
        Assert.Equal("a\r\nb?", SimulatedArchitecture.ConsoleOutput.ToString());
    }

    [Theory]
    [InlineData(0x25UL, 2, "0x25")]
    [InlineData(0x25UL, 8, "0x00000025")]
    [InlineData(0x100000000UL, 16, "0x0000000100000000")]
    [InlineData(0UL, 1, "0x0")]
    [InlineData(0xFFFFFFFFFFFFFFFFUL, 1, "0xffffffffffffffff")]
    public void HexIsZeroPaddedToTheRequestedDigits(ulong value, int digits, string expected)
    {
        SimulatedArchitecture.Reset(1);
        HvConsole<SimulatedArchitecture>.WriteHex(value, digits);
        Assert.Equal(expected, SimulatedArchitecture.ConsoleOutput.ToString());
    }

    [Fact]
    public void PanicPrintsThePanicLineAndHalts()
    {
        SimulatedArchitecture.Reset(1);
        Assert.Throws<SimulatedHalt>(() => Hypervisor<SimulatedArchitecture>.Panic("plan checksum mismatch"));
        Assert.Equal("PANIC: plan checksum mismatch\r\n", SimulatedArchitecture.ConsoleOutput.ToString());
        Assert.Equal(1, SimulatedArchitecture.Machine.Halts);
    }
}
