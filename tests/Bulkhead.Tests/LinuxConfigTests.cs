using Bulkhead.Config.Checking;
using Bulkhead.Config.Diagnostics;
using Bulkhead.Config.Planning;
using Bulkhead.Core.Plan;
using Xunit;

namespace Bulkhead.Tests;

/// <summary>'image: { linux: ... }' in the checker: bad kernels and impossible layouts are located errors; a good one is laid out per the arm64 boot protocol.</summary>
public class LinuxConfigTests
{
    static CheckResult Check(string name, string linuxDomain)
    {
        string folder = Path.Combine(TestImages.Repo.OutputRoot, "test-systems");
        Directory.CreateDirectory(folder);
        string file = Path.Combine(folder, $"linux-config-{name}.yaml");
        File.WriteAllText(file, $"""
            name: linux-config-{name}
            board: qemu-virt-gicv3
            domains:
              - name: service
                criticality: QM
                cores: [0]
                memory: 16M
                image: {"{"} builtin: telemetry {"}"}
              - name: linux
                criticality: QM
                cores: [1, 2]
            {linuxDomain}
            """);
        return Checker.CheckFile(file);
    }

    static Diagnostic Single(CheckResult result, string code)
    {
        var found = result.Diagnostics.Sorted().Where(d => d.Code == code).ToList();
        Assert.True(found.Count == 1, $"expected one {code}, got:\n{string.Join("\n", result.Diagnostics.Sorted())}");
        return found[0];
    }

    [Fact]
    public void DebianKernelIsLaidOutPerTheBootProtocol()
    {
        var result = Check("good", """
                memory: 256M
                image: { linux: debian, initrd: busybox, bootargs: "console=ttyAMA0" }
            """);
        Assert.Equal(0, result.ExitCode);
        var linux = result.System!.Domain("linux")!;
        var layout = linux.Linux!;
        var ram = linux.Memory[0].Range;
        Assert.Equal(0UL, layout.KernelBase % 0x200000);
        Assert.Equal(layout.KernelBase + layout.Header.TextOffset, linux.EntryPoint);
        Assert.True(layout.DtbAddress >= linux.EntryPoint + layout.Header.ImageSize && layout.DtbAddress % 8 == 0);
        Assert.True(layout.InitrdAddress >= layout.DtbAddress + (2UL << 20) && layout.InitrdAddress < ram.End);
        // The staging range belongs to no domain and lies outside the hypervisor.
        Assert.True(layout.Staging.Size >= layout.Header.ImageSize);
        Assert.DoesNotContain(result.System.Domains.SelectMany(d => d.Memory), r => r.Range.Overlaps(layout.Staging));
        Assert.False(result.System.Board.HypervisorReserved.Overlaps(layout.Staging));
        // Plan 2.2: a Linux image kind and x0 = the DTB.
        var plan = PlanWriter.Write(result.System);
        Assert.Equal(PlanFormat.VersionMinor, BitConverter.ToUInt16(plan, (int)PlanFormat.HVersionMinor));
        Assert.True(PlanFormat.VersionMinor >= 2);              // 2.2 brought the Linux image kind
    }

    [Fact]
    public void MissingKernelFileIsLocated()
    {
        var d = Single(Check("missing", """
                memory: 256M
                image: { linux: no/such/Image }
            """), Codes.ImageNotFound);
        Assert.Equal("domains[1].image.linux", d.Path);
        Assert.Contains("no/such/Image", d.Message);
        Assert.Equal(13, d.Where.Line);
    }

    [Fact]
    public void FileWithoutImageHeaderIsRefused()
    {
        string bogus = Path.Combine(TestImages.Repo.OutputRoot, "test-systems", "not-an-image.bin");
        Directory.CreateDirectory(Path.GetDirectoryName(bogus)!);
        File.WriteAllBytes(bogus, new byte[4096]);
        var d = Single(Check("header", """
                memory: 256M
                image: { linux: not-an-image.bin }
            """), Codes.LinuxImageInvalid);
        Assert.Contains("ARM\\x64", d.Message);
    }

    [Fact]
    public void KernelLargerThanTheDomainsMemoryIsRefused()
    {
        var d = Single(Check("small", """
                memory: 32M
                image: { linux: debian, initrd: busybox }
            """), Codes.LinuxImageTooLarge);
        Assert.Contains("image_size", d.Message);
        Assert.Equal("domains[1].image.linux", d.Path);
    }

    [Fact]
    public void WatchdogOnLinuxIsRefusedWithTheReason()
    {
        var d = Single(Check("watchdog", """
                memory: 256M
                image: { linux: debian }
                watchdog_ms: 1000
            """), Codes.LinuxWatchdog);
        Assert.Contains("HEARTBEAT", d.Message);
        Assert.Equal("domains[1].watchdog_ms", d.Path);
    }

    [Fact]
    public void InitrdWithoutLinuxIsRefused()
    {
        var d = Single(Check("initrd", """
                memory: 256M
                image: { builtin: telemetry, initrd: busybox }
            """), Codes.LinuxOptionWithoutLinux);
        Assert.Equal("domains[1].image.initrd", d.Path);
    }
}
