using Bulkhead.Emulation;
using Bulkhead.Systems;
using Bulkhead.Systems.BootMedia;
using Xunit;

namespace Bulkhead.Tests;

/// <summary>
/// Debian's U-Boot for QEMU virt (u-boot-qemu, EL2 with virtualization=on) boots the GICv3 demo the
/// way a board would: `bulkhead image --format uboot` writes Image and boot.scr, they go on a FAT
/// partition of a virtio disk, U-Boot's distro boot finds boot.scr and starts the Image with booti;
/// a second run fetches boot-tftp.scr and the Image over TFTP instead.
/// </summary>
[Collection("emulator")]
public class UBootBootTests
{
    private const string Demo = "examples/systems/qemu-virt-gicv3.yaml";
    private static readonly Lazy<(SystemBuilder.Result System, string Folder)> Written = new(WriteBootFiles);
    private static readonly Lazy<RunResult> Booted = new(BootFromDisk);
    private static readonly Lazy<RunResult> BootedOverTftp = new(BootOverTftp);

    private static (SystemBuilder.Result, string) WriteBootFiles()
    {
        if (!File.Exists(UBootFirmware.QemuArm64))
            throw new InvalidOperationException($"{UBootFirmware.QemuArm64} is missing: apt-get install -y {UBootFirmware.DebianPackage} (./bulkhead setup)");
        var built = SystemBuilder.Build(TestImages.Repo, Path.Combine(TestImages.Repo.Root, Demo), TextWriter.Null);
        string folder = Path.Combine(TestImages.Repo.OutputRoot, "test-boot", "demo-uboot");
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        BootImages.Write(built.Board, built.Hypervisor, BootFormat.UBoot, folder, "the GICv3 demo");
        return (built, folder);
    }

    /// <summary>Image and boot.scr on the FAT partition of a virtio disk; no network.</summary>
    private static RunResult BootFromDisk()
    {
        var (built, folder) = Written.Value;
        string disk = Path.Combine(folder, "disk.img");
        FatDisk.Write(disk, [Path.Combine(folder, UBootScripts.ImageFile), Path.Combine(folder, UBootScripts.MmcScript)]);
        return Run(built, ["-nic", "none", "-drive", $"if=none,format=raw,file={disk},id=boot", "-device", "virtio-blk-device,drive=boot"]);
    }

    /// <summary>
    /// No disk: QEMU's user network answers DHCP and serves a TFTP root with Image and boot-tftp.scr
    /// under the name distro boot asks for over DHCP (boot.scr.uimg).
    /// </summary>
    private static RunResult BootOverTftp()
    {
        var (built, folder) = Written.Value;
        string root = Path.Combine(folder, "tftp");
        Directory.CreateDirectory(root);
        File.Copy(Path.Combine(folder, UBootScripts.ImageFile), Path.Combine(root, UBootScripts.ImageFile), overwrite: true);
        File.Copy(Path.Combine(folder, UBootScripts.TftpScript), Path.Combine(root, "boot.scr.uimg"), overwrite: true);
        return Run(built, ["-netdev", $"user,id=net,tftp={root}", "-device", "virtio-net-device,netdev=net"]);
    }

    /// <summary>The board's QEMU machine with U-Boot as firmware instead of -kernel, plus the boot medium.</summary>
    private static RunResult Run(SystemBuilder.Result built, string[] medium)
    {
        var args = Machines.QemuFor(built.Board, built.Hypervisor, cores: null, cpu: "cortex-a72").Deterministic().Arguments().ToList();
        args.RemoveRange(args.IndexOf("-kernel"), 2);
        args.AddRange(["-bios", UBootFirmware.QemuArm64]);
        args.AddRange(medium);
        return EmulatorRun.Run(QemuArm64Machine.Executable, args, TimeSpan.FromSeconds(90));
    }

    [Fact]
    public void UBoot_finds_boot_scr_and_booti_starts_the_image_at_el2()
    {
        var run = Booted.Value;
        Assert.Contains(run.Lines, l => l.StartsWith("U-Boot 20", StringComparison.Ordinal));
        Assert.Contains(run.Lines, l => l.Contains("Bulkhead: loading /Image from virtio 0:1"));
        Assert.DoesNotContain(run.Lines, l => l.Contains("Bad Linux ARM64 Image magic"));
        Assert.Contains("Bulkhead 0.1.0 (arm64) running at EL2 on board qemu-virt-gicv3, 4 cores", run.Lines);
    }

    [Fact]
    public void Every_domain_of_the_demo_prints_and_the_machine_powers_off()
    {
        var run = Booted.Value;
        Assert.True(run.Outcome == RunOutcome.PoweredOff, $"{run.Outcome}:\n{run.Console}");
        Assert.DoesNotContain(run.Lines, l => l.StartsWith("PANIC", StringComparison.Ordinal));
        Assert.Contains(run.Lines, l => l.StartsWith("[sensor] sensor service up", StringComparison.Ordinal));
        Assert.Contains(run.Lines, l => l.StartsWith("[control] control service up", StringComparison.Ordinal));
        Assert.Contains(run.Lines, l => l.StartsWith("[telemetry] telemetry service up", StringComparison.Ordinal));
        Assert.Contains("hv: no domain left running, powering off", run.Lines);
    }

    [Fact]
    public void Over_tftp_the_network_script_fetches_the_image_and_every_domain_prints()
    {
        var run = BootedOverTftp.Value;
        Assert.True(run.Outcome == RunOutcome.PoweredOff, $"{run.Outcome}:\n{run.Console}");
        Assert.Contains(run.Lines, l => l.StartsWith("Bulkhead: fetching Image from ", StringComparison.Ordinal));
        Assert.Contains("Bulkhead 0.1.0 (arm64) running at EL2 on board qemu-virt-gicv3, 4 cores", run.Lines);
        foreach (var service in new[] { "sensor", "control", "telemetry" })
            Assert.Contains(run.Lines, l => l.StartsWith($"[{service}] {service} service up", StringComparison.Ordinal));
        Assert.Contains("hv: no domain left running, powering off", run.Lines);
    }
}
