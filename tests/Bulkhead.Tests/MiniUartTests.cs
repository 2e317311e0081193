using Bulkhead.Build;
using Bulkhead.Emulation;
using Xunit;

namespace Bulkhead.Tests;

/// <summary>
/// The BCM2835 mini UART console driver on QEMU raspi3b, whose second UART (-serial number 2) is
/// the mini UART: a hypervisor built for tests/boards/qemu-raspi3b-miniuart.yaml prints its banner
/// from C# (Bcm2835MiniUart) and its early PANIC from entry.S (the generated early_putc).
/// </summary>
[Collection("emulator")]
public class MiniUartTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private static string BoardFile => Path.Combine(TestImages.Repo.Root, "tests", "boards", "qemu-raspi3b-miniuart.yaml");

    private static QemuArm64Machine Raspi3b(string kernel) =>
        new QemuArm64Machine { Model = "raspi3b", Kernel = kernel, ConsoleSerial = 1 }.Deterministic();

    [Fact]
    public void RunnerConnectsTheSecondSerialPortForAMiniUartConsole()
    {
        var image = new NativeImage("hv.elf", "hv.bin", "hv.map.xml", "hv.link.map", WasUpToDate: true);
        var machine = Systems.Machines.QemuFor(Systems.BoardTargets.LoadBoard(TestImages.Repo, BoardFile), image, cores: null, cpu: "cortex-a53");
        Assert.Contains("-M raspi3b -kernel hv.bin -display none -monitor none -serial null -serial stdio", string.Join(' ', machine.Arguments()));
    }

    [Fact]
    public void BannerReachesTheMiniUart()
    {
        var image = TestImages.Hypervisor(BoardFile);
        var run = EmulatorRun.Run(QemuArm64Machine.Executable, Raspi3b(image.RawBinary).Arguments(), Timeout,
            stopWhen: l => l.Contains("powering off") || l.Contains("halting"));

        Assert.Contains($"Bulkhead {ProductInfo.Version} (arm64) running at EL2 on board qemu-raspi3b-miniuart, 4 cores", run.Lines);
        Assert.Contains(run.Lines, l => l.Contains("powering off") || l.Contains("halting"));
        Assert.DoesNotContain(run.Lines, l => l.StartsWith("PANIC"));
    }

    [Fact]
    public void EarlyPanicReachesTheMiniUartBeforeCSharpRuns()
    {
        // QEMU starts an ELF on raspi3b at EL3: only entry.S's early_puts can report it.
        var image = TestImages.Hypervisor(BoardFile);
        var run = EmulatorRun.Run(QemuArm64Machine.Executable, Raspi3b(image.Elf).Arguments(), Timeout);

        Assert.Equal(RunOutcome.Panicked, run.Outcome);
        Assert.Contains("PANIC: Bulkhead must be entered at EL2 (check the boot loader / emulator flags)", run.Lines);
        Assert.DoesNotContain(run.Lines, l => l.StartsWith("Bulkhead "));
    }
}
