using Bulkhead.Core.Emulation;
using Bulkhead.Core.Partition;
using Xunit;
using static Bulkhead.Tests.Core.CoreSystems;
using Sim = Bulkhead.Tests.SimulatedArchitecture;

namespace Bulkhead.Tests.Core;

/// <summary>
/// The emulated 16550 of shared-console domains (hv-core/Emulation/ConsoleUart.cs) as Linux's 8250
/// driver and earlycon=uart8250,mmio32 use it: THR bytes become "[name] ..." lines, LSR says the
/// transmitter is empty, IIR reports "THR empty" only while that interrupt is enabled.
/// </summary>
[Collection(HvCoreState.Name)]
public unsafe class ConsoleUartTests
{
    private const ulong Uart = 0x09000000;
    private const ulong Thr = Uart, Ier = Uart + 4, Iir = Uart + 8, Fcr = Uart + 8, Lcr = Uart + 12, Mcr = Uart + 16, Lsr = Uart + 20, Msr = Uart + 24, Scr = Uart + 28;

    private static void Boot(string system = ThreeDomains)
    {
        TestPartition.Boot(system);
        MmioTable.Clear();
        Assert.True(ConsoleUart<Sim>.AddRanges(Uart));
    }

    private static bool Write(int core, ulong address, ulong value, uint size = 4)
    {
        Sim.Core = core;
        var access = new MmioAccess { Address = address, Size = size, Write = true, Value = value };
        return MmioTable.Emulate(core, ref access);
    }

    private static uint Read(int core, ulong address)
    {
        Sim.Core = core;
        var access = new MmioAccess { Address = address, Size = 4 };
        Assert.True(MmioTable.Emulate(core, ref access));
        return (uint)access.Value;
    }

    private static void Print(int core, string text)
    {
        foreach (char c in text)
        {
            Assert.Equal(0x60u, Read(core, Lsr) & 0x60);   // earlycon waits for THRE before every byte
            Assert.True(Write(core, Thr, c));
        }
    }

    [Fact]
    public void BytesWrittenToThrBecomePrefixedLines()
    {
        Boot();
        Print(2, "Booting Linux on physical CPU 0x0\r\nsecond line\n");
        Assert.Equal(new[] { "[beta] Booting Linux on physical CPU 0x0", "[beta] second line" }, TestPartition.Lines("[beta]"));
    }

    [Fact]
    public void OutputOfEveryVcpuGoesIntoOneLineOfTheDomain()
    {
        Boot();
        TestPartition.PowerOn(1, AlphaCode);
        Print(0, "half from vCPU 0, ");
        Print(1, "half from vCPU 1\n");
        Assert.Equal(new[] { "[alpha] half from vCPU 0, half from vCPU 1" }, TestPartition.Lines("[alpha]"));
    }

    [Fact]
    public void RegistersTheDriverReadsBackHoldWhatWasWritten()
    {
        Boot();
        Write(2, Lcr, 0x83);                      // DLAB: registers 0 and 1 are the divisor
        Write(2, Thr, 0x01);
        Write(2, Ier, 0x00);
        Assert.Equal((0x01u, 0x00u, 0x83u), (Read(2, Thr), Read(2, Ier), Read(2, Lcr)));
        Write(2, Lcr, 0x03);                      // 8N1, DLAB off: the divisor byte printed nothing
        Assert.Empty(TestPartition.Lines("[beta]"));
        Write(2, Mcr, 0x0B);
        Write(2, Scr, 0x5A);
        Assert.Equal((0x0Bu, 0x5Au, 0xB0u), (Read(2, Mcr), Read(2, Scr), Read(2, Msr)));
        Assert.NotEqual(0xFFu, Read(2, Lsr));     // the 8250 driver's "LSR safety check"
    }

    [Fact]
    public void IirReportsThrEmptyOnlyWhileThatInterruptIsEnabled()
    {
        Boot();
        Assert.Equal(0x01u, Read(2, Iir));        // no interrupt pending
        Write(2, Fcr, 0x07);                      // FIFOs on (and cleared)
        Assert.Equal(0xC1u, Read(2, Iir));
        Write(2, Ier, 0x02);                      // the polling 8250 driver sends when IIR says "THR empty"
        Assert.Equal(0xC2u, Read(2, Iir));
        Assert.Equal(0u, Read(2, Thr));           // nothing is ever received
    }

    [Theory]
    [InlineData(1u, 0UL)]
    [InlineData(2u, 0UL)]
    [InlineData(8u, 0UL)]
    [InlineData(4u, 2UL)]
    public void AccessesOtherThanAlignedWordsAreRefused(uint size, ulong skew)
    {
        Boot();
        Assert.False(Write(2, Thr + skew, 'X', size));
        Assert.Empty(TestPartition.Lines("[beta]"));
    }

    [Fact]
    public void ExclusiveAndSilentDomainsHaveNoEmulatedUart()
    {
        Boot(ThreeDomains.Replace("    restart: stop\n", "    restart: stop\n    console: none\n"));
        Assert.False(Write(2, Thr, 'X'));         // beta (console: none): an access is a fault
        Assert.True(Write(3, Thr, 'X'));          // gamma (shared)
        Assert.True(MmioTable.Claims(0, Uart));
    }

    [Fact]
    public void TheConsoleBudgetAppliesToTheEmulatedUart()
    {
        Boot();
        string line = new string('x', 99) + "\n";
        for (int i = 0; i < 200; i++) Print(2, line);           // 20 KB at once: beyond the 8 KB burst
        int printed = TestPartition.Lines("[beta] x").Length;
        Assert.InRange(printed, 1, 199);
        Assert.Equal(200 - printed, (int)PartitionTable.Domains[PartitionTable.Cores[2].Domain].DroppedLines);
    }
}
