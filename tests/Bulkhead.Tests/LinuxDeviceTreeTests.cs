using Bulkhead.Build;
using Bulkhead.Config.Checking;
using Bulkhead.Systems.Linux;
using Xunit;

namespace Bulkhead.Tests;

/// <summary>The DTB generated for tests/systems/linux-mixed.yaml, decompiled by dtc (device-tree-compiler): what Linux will see.</summary>
public class LinuxDeviceTreeTests
{
    static string Decompile(int gic, string system = "linux-mixed")
    {
        var check = Checker.CheckFile(SystemRuns.Variant(system, gic));
        Assert.Equal(0, check.ExitCode);
        var domain = check.System!.Domain("linux")!;
        byte[] dtb = LinuxDeviceTree.Generate(check.System, domain, domain.Linux!.InitrdAddress, domain.Linux.InitrdAddress + 0x1000);
        string file = Path.Combine(TestImages.Repo.OutputRoot, "test-systems", $"{system}-gicv{gic}.dtb");
        File.WriteAllBytes(file, dtb);
        var result = ProcessRunner.Run("dtc", ["-I", "dtb", "-O", "dts", file]);
        Assert.True(result.ExitCode == 0, result.Output);
        Assert.DoesNotContain("Warning", result.Output);
        return result.Output;
    }

    [Fact]
    public void GicV3TreeHasTheDomainsMemoryCpusTimerGicDevicesAndChosen()
    {
        string dts = Decompile(3);
        var check = Checker.CheckFile(SystemRuns.Variant("linux-mixed", 3));
        var domain = check.System!.Domain("linux")!;
        var ram = domain.Memory[0].Range;
        Assert.Contains($"memory@{ram.Base:x} {{", dts);
        Assert.Contains($"reg = <0x00 0x{ram.Base:x} 0x00 0x{ram.Size:x}>;", dts);
        Assert.Contains("cpu@0 {", dts);
        Assert.Contains("cpu@1 {", dts);
        Assert.DoesNotContain("cpu@2 {", dts);
        Assert.Contains("enable-method = \"psci\";", dts);
        Assert.Contains("method = \"hvc\";", dts);
        // Secure, non-secure physical, virtual, hypervisor timer PPIs (INTID - 16), level.
        Assert.Contains("interrupts = <0x01 0x0d 0x04 0x01 0x0e 0x04 0x01 0x0b 0x04 0x01 0x0a 0x04>;", dts);
        // GICD and one redistributor region: a 128 KiB frame per vCPU, no ITS.
        Assert.Contains("compatible = \"arm,gic-v3\";", dts);
        Assert.Contains("reg = <0x00 0x8000000 0x00 0x10000 0x00 0x80a0000 0x00 0x40000>;", dts);
        Assert.DoesNotContain("its", dts);
        // Only its own devices: the console UART (exclusive) and virtio31 (SPI 79 - 32 = 0x2f).
        Assert.Contains("uart0@9000000 {", dts);
        Assert.Contains("virtio31@a003e00 {", dts);
        Assert.Contains("interrupts = <0x00 0x2f 0x04>;", dts);
        Assert.DoesNotContain("virtio0@", dts);
        Assert.Contains("stdout-path = \"/uart0@9000000\";", dts);
        Assert.Contains("bootargs = \"console=ttyAMA0", dts);
        Assert.Contains($"linux,initrd-start = <0x00 0x{domain.Linux!.InitrdAddress:x}>;", dts);
        Assert.Contains("kaslr-seed = <", dts);
        Assert.Contains("rng-seed = <", dts);
    }

    [Fact]
    public void GicV2TreeHasTheDistributorAndTheCpuInterfaceAtTheBoardsGicc()
    {
        string dts = Decompile(2);
        Assert.Contains("compatible = \"arm,cortex-a15-gic\";", dts);
        Assert.Contains("reg = <0x00 0x8000000 0x00 0x1000 0x00 0x8010000 0x00 0x2000>;", dts);
        // GICv2 PPI specifiers carry the CPU mask of the domain's two vCPUs.
        Assert.Contains("interrupts = <0x01 0x0d 0x304 0x01 0x0e 0x304 0x01 0x0b 0x304 0x01 0x0a 0x304>;", dts);
    }

    [Fact]
    public void SharedConsoleDomainGetsThePolled16550TheHypervisorEmulates()
    {
        string dts = Decompile(3, "linux-shared");
        Assert.Contains("serial@9000000 {", dts);
        Assert.Contains("compatible = \"ns16550a\";", dts);
        Assert.Contains("reg-shift = <0x02>;", dts);
        Assert.Contains("reg-io-width = <0x04>;", dts);
        Assert.Contains("stdout-path = \"/serial@9000000:115200n8\";", dts);
        Assert.DoesNotContain("uart0@", dts);
        // No interrupts property in the serial node: the 8250 driver polls.
        int serial = dts.IndexOf("serial@9000000 {", StringComparison.Ordinal);
        Assert.DoesNotContain("interrupts", dts[serial..dts.IndexOf("};", serial, StringComparison.Ordinal)]);
    }
}
