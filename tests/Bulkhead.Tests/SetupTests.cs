using Bulkhead.Systems;
using Xunit;

namespace Bulkhead.Tests;

public class SetupTests
{
    [Fact]
    public void EveryToolchainAndEmulatorPackageIsRequired()
    {
        foreach (var package in new[] { "clang", "lld", "llvm", "qemu-system-arm", "qemu-system-x86", "bochs", "bochsbios", "grub-pc-bin", "xorriso", "device-tree-compiler" })
            Assert.Contains(package, Setup.Packages);
    }

    [Fact]
    public void AfterSetupNothingIsMissing()
    {
        // `./bulkhead test` runs setup before the tests, so on any machine that got here all is installed.
        Assert.Empty(Setup.MissingPackages());
    }
}
