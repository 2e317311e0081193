using Bulkhead.Emulation;
using Xunit;

namespace Bulkhead.Tests;

/// <summary>
/// The core library's promises checked where they matter: compiled by ILCompiler and run at EL2
/// under QEMU (native/CoreLibSelfTest.cs prints one line per check).
/// </summary>
[Collection("emulator")]
public class CoreLibraryOnTargetTests
{
    private static readonly Lazy<RunResult> Run = new(() =>
    {
        var image = TestImages.SelfTest("qemu-virt-gicv3");
        var machine = new QemuArm64Machine { Kernel = image.Elf, Cores = 1 }.Deterministic();
        return EmulatorRun.Run(QemuArm64Machine.Executable, machine.Arguments(), TimeSpan.FromSeconds(30));
    });

    [Theory]
    [InlineData("static-abstract")]
    [InlineData("generic-struct")]
    [InlineData("string-concat")]
    [InlineData("formatting")]
    [InlineData("int-array")]
    [InlineData("string-array")]
    [InlineData("lazy-cctor")]
    [InlineData("gc-statics")]
    [InlineData("virtual-and-cast")]
    [InlineData("bump-allocator")]
    public void FeatureWorksOnTarget(string check)
    {
        Assert.Contains($"selftest: {check} ok", Run.Value.Lines);
    }

    [Fact]
    public void AllChecksRanAndNoneFailed()
    {
        Assert.Equal(RunOutcome.PoweredOff, Run.Value.Outcome);
        Assert.Contains("selftest: done, 10 passed, 0 failed", Run.Value.Lines);
    }
}
