using Bulkhead.Build;
using Bulkhead.Emulation;
using Xunit;

namespace Bulkhead.X86.Tests;

/// <summary>The non-VMX part of hv-x86 under QEMU -kernel (no VT-x there): boot chain, banner, clear refusal, panic path.</summary>
[Collection("bochs")]
public class QemuX64Tests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public void BootsFromTheMultibootKernelPrintsTheBannerAndExplainsThatVtxIsMissing()
    {
        var (_, kernel) = X86Systems.Bare();
        var result = EmulatorRun.Run(QemuX64Machine.Executable, new QemuX64Machine { Kernel = kernel, Cores = 2 }.Arguments(), Timeout);

        Assert.Equal(RunOutcome.PoweredOff, result.Outcome);
        Assert.Equal(QemuX64Machine.PowerOffExitCode, result.ExitCode);
        Assert.Equal($"Bulkhead {ProductInfo.Version} (x64) running at ring 0 on board bochs-x86, 2 cores", result.Lines[0]);
        Assert.Contains(result.Lines, l => l.StartsWith("hv: VT-x unavailable: this CPU has no VMX (CPUID.1:ECX.VMX = 0;"));
        Assert.Contains("hv: no domain can run without VT-x, powering off", result.Lines);
    }

    [Fact]
    public void AnExceptionInTheHypervisorPrintsAPanicLineInsteadOfHanging()
    {
        var (_, kernel) = X86Systems.Bare(injectFault: true);
        var result = EmulatorRun.Run(QemuX64Machine.Executable, new QemuX64Machine { Kernel = kernel }.Arguments(), Timeout);

        Assert.Equal(RunOutcome.Panicked, result.Outcome);
        string panic = Assert.Single(result.Lines, l => l.StartsWith("PANIC"));
        // The injected load from 0x1_0000_0000 (outside the 4 GiB identity map) is a page fault.
        Assert.StartsWith("PANIC: unexpected exception in the hypervisor: page fault (vector 14) error=0x0 CR2=0x0000000100000000 RIP=0x00000000002", panic);
    }

    [Fact]
    public void TheMultibootKernelIsA32BitElfWithTheHeaderInItsFirst8KiB()
    {
        var (image, kernel) = X86Systems.Bare();
        byte[] bytes = File.ReadAllBytes(kernel);
        Assert.Equal(1, bytes[4]);                               // ELFCLASS32
        Assert.Equal(3, BitConverter.ToUInt16(bytes, 18));       // EM_386
        int header = Enumerable.Range(0, 8192 / 4).Select(i => i * 4)
            .First(o => o + 12 <= bytes.Length && BitConverter.ToUInt32(bytes, o) == 0x1BADB002);
        uint flags = BitConverter.ToUInt32(bytes, header + 4), checksum = BitConverter.ToUInt32(bytes, header + 8);
        Assert.Equal(0u, unchecked(0x1BADB002u + flags + checksum));
        Assert.Equal(ElfFile.Read(image.Elf).Symbols["_start"], BitConverter.ToUInt32(bytes, 24)); // same entry point
    }
}
