using Bulkhead.Build;
using Bulkhead.Emulation;
using Xunit;

namespace Bulkhead.Tests;

/// <summary>The hypervisor image booting under QEMU at EL2, read from its serial console.</summary>
[Collection("emulator")]
public class BootTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private static RunResult Boot(NativeImage image, int gic, string cpu, int cores, string model = "virt")
    {
        var machine = new QemuArm64Machine
        {
            Model = model, GicVersion = gic, Cpu = cpu, Cores = cores,
            Kernel = model == "virt" ? image.Elf : image.RawBinary,
        }.Deterministic();
        return EmulatorRun.Run(QemuArm64Machine.Executable, machine.Arguments(), Timeout);
    }

    [Theory]
    [InlineData("qemu-virt-gicv3", 3, "cortex-a72", 4)]
    [InlineData("qemu-virt-gicv3", 3, "cortex-a53", 2)]
    [InlineData("qemu-virt-gicv2", 2, "cortex-a72", 2)]
    [InlineData("qemu-virt-gicv2", 2, "cortex-a53", 4)]
    public void BootsAtEl2PrintsBannerAndPowersOff(string board, int gic, string cpu, int cores)
    {
        var result = Boot(TestImages.Hypervisor(board), gic, cpu, cores);

        Assert.Equal(RunOutcome.PoweredOff, result.Outcome);
        Assert.Equal(0, result.ExitCode);
        string banner = Assert.Single(result.Lines, l => l.StartsWith("Bulkhead "));
        Assert.Equal($"Bulkhead {ProductInfo.Version} (arm64) running at EL2 on board {board}, {cores} cores", banner);
        Assert.Contains("hv: nothing to run, powering off", result.Lines);
        Assert.DoesNotContain(result.Lines, l => l.StartsWith("PANIC"));
    }

    [Fact]
    public void UnexpectedEl2ExceptionPrintsAPanicLineInsteadOfHanging()
    {
        var result = Boot(TestImages.FaultInjecting("qemu-virt-gicv3"), 3, "cortex-a72", 4);

        Assert.Equal(RunOutcome.Panicked, result.Outcome);
        string panic = Assert.Single(result.Lines, l => l.StartsWith("PANIC"));
        // The injected load from 0x1_0000_0000 (outside the 4 GiB map) is a data abort at EL2 (EC 0x25).
        Assert.StartsWith("PANIC: unexpected exception at EL2: data abort (vector 4) EC=0x25 ESR=0x9", panic); // ESR.EC (bits 31:26) = 0x25
        Assert.Contains("FAR=0x0000000100000000", panic);
        Assert.Matches(@"ELR=0x00000000400[0-9a-f]{5}$", panic);
        Assert.DoesNotContain("hv: nothing to run, powering off", result.Lines);
    }

    [Fact]
    public void RaspberryPi3ImageBootsFromTheRawBinaryAtEl2()
    {
        var result = EmulatorRun.Run(QemuArm64Machine.Executable,
            new QemuArm64Machine { Model = "raspi3b", Kernel = TestImages.Hypervisor("qemu-raspi3b").RawBinary }.Deterministic().Arguments(),
            Timeout, stopWhen: l => l.Contains("powering off") || l.Contains("halting"));

        Assert.Contains($"Bulkhead {ProductInfo.Version} (arm64) running at EL2 on board qemu-raspi3b, 4 cores", result.Lines);
    }
}
