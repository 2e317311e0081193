using Bulkhead.Emulation;
using Bulkhead.Systems;
using Bulkhead.Systems.BootMedia;
using Xunit;

namespace Bulkhead.Tests;

/// <summary>
/// Debian's U-Boot for QEMU virt (u-boot-qemu, EL2 with virtualization=on) boots the GICv3 demo the
/// way a board would: `bulkhead image --format uboot` writes Image and boot.scr, they go on a FAT
/// partition of a virtio disk, U-Boot's distro boot finds boot.scr and starts the Image with booti.
/// </summary>
[Collection("emulator")]
public class UBootBootTests
{
    private const string Demo = "examples/systems/qemu-virt-gicv3.yaml";
    private static readonly Lazy<RunResult> Booted = new(BootThroughUBoot);

    private static RunResult BootThroughUBoot()
    {
        if (!File.Exists(UBootFirmware.QemuArm64))
            throw new InvalidOperationException($"{UBootFirmware.QemuArm64} is missing: apt-get install -y {UBootFirmware.DebianPackage} (./bulkhead setup)");
        var built = SystemBuilder.Build(TestImages.Repo, Path.Combine(TestImages.Repo.Root, Demo), TextWriter.Null);
        string folder = Path.Combine(TestImages.Repo.OutputRoot, "test-boot", "demo-uboot");
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        BootImages.Write(built.Board, built.Hypervisor, BootFormat.UBoot, folder, "the GICv3 demo");
        string disk = Path.Combine(folder, "disk.img");
        FatDisk.Write(disk, [Path.Combine(folder, UBootScripts.ImageFile), Path.Combine(folder, UBootScripts.MmcScript)]);

        var machine = Machines.QemuFor(built.Board, built.Hypervisor, cores: null, cpu: "cortex-a72").Deterministic();
        return EmulatorRun.Run(QemuArm64Machine.Executable, WithUBoot(machine.Arguments(), disk), TimeSpan.FromSeconds(90));
    }

    /// <summary>The machine's arguments with U-Boot as firmware and the disk on virtio instead of -kernel.</summary>
    private static List<string> WithUBoot(IReadOnlyList<string> arguments, string disk)
    {
        var args = arguments.ToList();
        int kernel = args.IndexOf("-kernel");
        args.RemoveRange(kernel, 2);
        args.AddRange(["-bios", UBootFirmware.QemuArm64, "-nic", "none",
            "-drive", $"if=none,format=raw,file={disk},id=boot", "-device", "virtio-blk-device,drive=boot"]);
        return args;
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
}
