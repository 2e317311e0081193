using Bulkhead.Emulation;
using Bulkhead.Systems;
using Bulkhead.Systems.BootMedia;
using Xunit;

namespace Bulkhead.Tests;

/// <summary>
/// QEMU raspi3b (BCM2837, no GIC, the firmware's spin tables emulated) boots the kernel8.img of the
/// RPi boot folder `bulkhead image` writes for tests/systems/raspi3b.yaml (the real rpi3b board file,
/// console on the mini UART, which QEMU connects to its second serial port): the hypervisor releases
/// cores 1-3 from their spin tables and each of the four cores runs a domain that prints and powers off.
/// </summary>
[Collection("emulator")]
public class RaspberryPiBootTests
{
    private static readonly Lazy<(RunResult Run, string Folder)> Booted = new(BootFromFolder);

    private static (RunResult, string) BootFromFolder()
    {
        var built = SystemBuilder.Build(TestImages.Repo, Path.Combine(TestImages.Repo.Root, "tests", "systems", "raspi3b.yaml"), TextWriter.Null);
        string folder = Path.Combine(TestImages.Repo.OutputRoot, "test-boot", "raspi3b-rpi");
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        BootImages.Write(built.Board, built.Hypervisor, format: null, folder, "test system raspi3b");
        var machine = new QemuArm64Machine { Model = "raspi3b", Kernel = Path.Combine(folder, RaspberryPiBootFolder.KernelFile), ConsoleSerial = 1 }.Deterministic();
        // No PSCI on a Raspberry Pi: the hypervisor halts instead of switching the machine off.
        var run = EmulatorRun.Run(QemuArm64Machine.Executable, machine.Arguments(), TimeSpan.FromSeconds(60),
            stopWhen: l => l.Contains("halting") || l.StartsWith("PANIC", StringComparison.Ordinal));
        return (run, folder);
    }

    [Fact]
    public void Boot_folder_holds_kernel8_img_and_a_config_txt_for_the_firmware()
    {
        string folder = Booted.Value.Folder;
        Assert.True(File.Exists(Path.Combine(folder, "kernel8.img")));
        Assert.NotNull(Arm64ImageHeader.ReadFile(Path.Combine(folder, "kernel8.img")));
        var config = File.ReadAllLines(Path.Combine(folder, "config.txt"));
        Assert.Contains("arm_64bit=1", config);
        Assert.Contains("enable_uart=1", config);
        Assert.Contains("kernel=kernel8.img", config);
        Assert.Contains("kernel_address=0x80000", config);
        string readme = File.ReadAllText(Path.Combine(folder, "README.txt"));
        Assert.Contains("bootcode.bin start.elf fixup.dat", readme); // Pi 3 firmware files
        Assert.Contains("bcm2710-rpi-3-b.dtb", readme);          // the firmware's name for the Pi 3 B device tree
    }

    [Fact]
    public void All_four_cores_start_by_spin_table_and_each_runs_its_domain_to_power_off()
    {
        var run = Booted.Value.Run;
        Assert.True(run.Outcome == RunOutcome.StoppedOnMatch, $"{run.Outcome}:\n{run.Console}");
        Assert.Contains("Bulkhead 0.1.0 (arm64) running at EL2 on board rpi3b, 4 cores", run.Lines);
        Assert.DoesNotContain(run.Lines, l => l.Contains("did not start") || l.StartsWith("PANIC", StringComparison.Ordinal) || l.Contains("FAIL"));
        for (int core = 0; core < 4; core++)
        {
            string name = $"core{core}";
            Assert.Contains(run.Lines, l => l.StartsWith($"hv: domain {name} on core {core},", StringComparison.Ordinal));
            Assert.Contains($"[{name}] greeter up on {name}, vCPU 0 of 1", run.Lines);
            Assert.Contains($"[{name}] PASS counter", run.Lines);
            Assert.Contains($"[{name}] PASS compute", run.Lines);
            Assert.Contains($"hv: domain {name} stopped: powered off (PSCI SYSTEM_OFF)", run.Lines);
        }
        Assert.Contains("hv: no domain left running, powering off", run.Lines);
        Assert.Contains("hv: no firmware power-off on this board; halting", run.Lines);
    }
}
