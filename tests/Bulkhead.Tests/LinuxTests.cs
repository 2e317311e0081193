using Bulkhead.Emulation;
using Bulkhead.Systems;
using Bulkhead.Systems.Linux;
using Xunit;

namespace Bulkhead.Tests;

/// <summary>
/// tests/systems/linux-mixed.yaml under QEMU (GICv3, -icount): Debian's unmodified arm64 kernel with the
/// busybox initramfs the build makes, on two vCPUs, next to two C# services. The system boots once;
/// every test asserts on that one console. The kernel lines and the services' lines share the UART.
/// </summary>
[Collection("emulator")]
public class LinuxTests
{
    const string Marker = Initramfs.Marker;
    /// <summary>First 16 bytes of the virtio disk the Linux domain owns (virtio31): /init rewrites them and reboots once.</summary>
    const string DiskSignature = Initramfs.RebootRequest;

    static readonly Lazy<RunResult> Run = new(() => Boot("linux-mixed"));

    /// <summary>Builds the system and boots it with its staging blobs and a small disk.</summary>
    public static RunResult Boot(string system, int gicVersion = 3)
    {
        var built = SystemBuilder.Build(TestImages.Repo, SystemRuns.Variant(system, gicVersion), TextWriter.Null);
        string disk = Path.Combine(TestImages.Repo.OutputRoot, "test-systems", "linux-disk.img");
        var bytes = new byte[1 << 20];
        System.Text.Encoding.ASCII.GetBytes(DiskSignature).CopyTo(bytes, 0);
        File.WriteAllBytes(disk, bytes);
        var machine = Machines.QemuFor(built.Board, built.Hypervisor, cores: null, cpu: "cortex-a72", built.Blobs).Deterministic() with { Disks = [disk] };
        return EmulatorRun.Run(QemuArm64Machine.Executable, machine.Arguments(), TimeSpan.FromSeconds(120));
    }

    [Fact]
    public void KernelReachesInitRunsTheWorkloadAndPowersOff()
    {
        var run = Run.Value;
        int init = run.IndexOf(l => l.Contains($"{Marker} init reached: Linux ") && l.EndsWith("cpus online 0-1"));
        Assert.True(init >= 0, "no init line with two CPUs online:\n" + string.Join("\n", run.Lines.TakeLast(40)));
        Assert.Contains(run.Lines, l => l.Contains($"{Marker} workload sum 1..200 = 20100"));
        int done = run.IndexOf(l => l.Contains($"{Marker} done, powering off"));
        int stopped = run.IndexOf(l => l == "hv: domain linux stopped: powered off (PSCI SYSTEM_OFF)");
        Assert.True(init < done && done < stopped, $"init {init}, done {done}, stopped {stopped}");
        Assert.Equal(RunOutcome.PoweredOff, run.Outcome);
    }

    [Fact]
    public void KernelBootsFromTheGeneratedDeviceTree()
    {
        var run = Run.Value;
        Assert.Contains(run.Lines, l => l.StartsWith("hv: domain linux on cores 2,3, entry 0x") && l.Contains(", staged images ") && l.Contains(" bytes, x0 0x"));
        // x0 = DTB: the kernel found its memory, both vCPUs (PSCI over HVC) and the GICv3 redistributors.
        Assert.Contains(run.Lines, l => l.Contains("Machine model: Bulkhead domain linux on qemu-virt-gicv3"));
        Assert.Contains(run.Lines, l => l.Contains("psci: PSCIv1.") || l.Contains("psci: PSCIv0.2"));
        Assert.Contains(run.Lines, l => l.Contains("GICv3: CPU1: found redistributor 1 region 0:0x00000000080c0000"));
        Assert.Contains(run.Lines, l => l.Contains("Unpacking initramfs") || l.Contains("Trying to unpack rootfs image as initramfs"));
        Assert.DoesNotContain(run.Lines, l => l.Contains("Kernel panic") || l.StartsWith("PANIC") || l.Contains("trapped"));
    }

    [Fact]
    public void CpuOneGoesOfflineAndComesBack()
    {
        var run = Run.Value;
        int off = run.IndexOf(l => l.Contains($"{Marker} cpu1 offline, cpus online 0"));
        int on = run.IndexOf(l => l.Contains($"{Marker} cpu1 online again, cpus online 0-1"));
        Assert.True(off >= 0 && on > off, $"offline at {off}, online at {on}");
    }

    [Fact]
    public void VirtioModulesLoadAndThePassthroughDiskReads()
    {
        var run = Run.Value;
        Assert.Contains(run.Lines, l => l.Contains($"{Marker} module virtio_mmio.ko loaded"));
        Assert.Contains(run.Lines, l => l.Contains($"{Marker} module virtio_blk.ko loaded"));
        Assert.Contains(run.Lines, l => l.Contains($"{Marker} vda first bytes: {Initramfs.RebootRequest}"));
    }

    [Fact]
    public void RebootRestartsOnlyLinuxFromThePristineCopy()
    {
        var run = Run.Value;
        // Only Linux's own lines are ordered here: while it owns the console exclusively, the
        // hypervisor's lines may be held back until it stops.
        int reboot = run.IndexOf(l => l.Contains($"{Marker} rebooting"));
        int secondInit = run.Lines.Select((l, i) => (l, i)).Where(x => x.l.Contains($"{Marker} init reached")).Select(x => x.i).Skip(1).DefaultIfEmpty(-1).First();
        // The second run found what the first wrote to the disk, so it powered off instead of rebooting again.
        int written = run.IndexOf(l => l.Contains($"{Marker} vda first bytes: {Initramfs.RebootDone}"));
        int done = run.IndexOf(l => l.Contains($"{Marker} done, powering off"));
        Assert.True(0 <= reboot && reboot < secondInit && secondInit < written && written < done,
            $"reboot {reboot}, second init {secondInit}, disk {written}, done {done}");
        Assert.Contains(run.Lines, l => l.StartsWith("hv: domain linux restarting (1 of 1): reset requested (PSCI SYSTEM_RESET)"));
        // The restart copied the pristine blobs again, without a second CRC.
        Assert.Single(run.Lines, l => l.StartsWith("hv: domain linux: ") && l.Contains(" bytes loaded in "));
        Assert.DoesNotContain(run.Lines, l => l.StartsWith("hv: domain sensor restarting") || l.StartsWith("hv: domain telemetry restarting"));
    }

    [Fact]
    public void NeighboursRunTheirWholeSequenceWhileLinuxBoots()
    {
        var run = Run.Value;
        var readings = run.Lines.Where(l => l.StartsWith("[sensor] reading ")).Select(l => int.Parse(l.Split(' ')[2].TrimEnd(':'))).ToList();
        Assert.Equal(Enumerable.Range(1, 8), readings);
        var beats = run.Lines.Where(l => l.StartsWith("[telemetry] heartbeat ")).Select(l => int.Parse(l.Split(' ')[2].TrimEnd(','))).ToList();
        Assert.Equal(Enumerable.Range(1, 5), beats);
        Assert.Contains("hv: domain sensor stopped: powered off (PSCI SYSTEM_OFF)", run.Lines);
        Assert.Contains("hv: domain telemetry stopped: powered off (PSCI SYSTEM_OFF)", run.Lines);
    }

    [Fact]
    public void KernelDtbAndInitramfsAreCheckedAndCopiedOnceBeforeEntry()
    {
        var run = Run.Value;
        Assert.Single(run.Lines, l => l.StartsWith("hv: domain linux: ") && l.Contains(" bytes checked and loaded in "));
        Assert.DoesNotContain(run.Lines, l => l.Contains("checksum does not match"));
    }
}

/// <summary>
/// The same system on GICv2 (qemu-virt-gicv2). Linux needs GICD_ITARGETSR to read back its vCPU's
/// bit and GICD_ICFGR emulated (issue 13 item 3).
/// </summary>
[Collection("emulator")]
public class LinuxGicV2Tests
{
    const string Marker = Initramfs.Marker;

    static readonly Lazy<RunResult> Run = new(() => LinuxTests.Boot("linux-mixed", gicVersion: 2));

    [Fact]
    public void KernelReachesInitHotplugsReadsTheDiskAndPowersOffNextToTheServices()
    {
        var run = Run.Value;
        Assert.Contains(run.Lines, l => l.Contains("Machine model: Bulkhead domain linux on qemu-virt-gicv2"));
        Assert.Contains(run.Lines, l => l.Contains($"{Marker} init reached: Linux ") && l.EndsWith("cpus online 0-1"));
        Assert.Contains(run.Lines, l => l.Contains($"{Marker} cpu1 online again, cpus online 0-1"));
        Assert.Contains(run.Lines, l => l.Contains($"{Marker} vda first bytes: {Initramfs.RebootDone}"));
        Assert.Contains(run.Lines, l => l.Contains($"{Marker} done, powering off"));
        Assert.Equal(Enumerable.Range(1, 8), run.Lines.Where(l => l.StartsWith("[sensor] reading ")).Select(l => int.Parse(l.Split(' ')[2].TrimEnd(':'))));
        Assert.DoesNotContain(run.Lines, l => l.Contains("GIC CPU mask not found") || l.Contains("Kernel panic") || l.Contains("trapped"));
        Assert.Equal(RunOutcome.PoweredOff, run.Outcome);
    }
}

/// <summary>
/// tests/systems/linux-shared.yaml: Linux on the shared console (console=ttyS0, the polled 16550 the
/// hypervisor emulates at the console address and the generated DTB describes), so its lines come
/// out as [linux] lines between the services' lines (the emulated 16550 of issue 13 item 4).
/// </summary>
[Collection("emulator")]
public class LinuxSharedConsoleTests
{
    const string Marker = Initramfs.Marker;

    static readonly Lazy<RunResult> Run = new(() => LinuxTests.Boot("linux-shared"));

    [Fact]
    public void LinuxLinesArePrefixedLikeEveryDomainsAndTheServicesKeepPrinting()
    {
        var run = Run.Value;
        Assert.Contains(run.Lines, l => l.StartsWith("[linux] ") && l.Contains("Machine model: Bulkhead domain linux on qemu-virt-gicv3"));
        Assert.Contains(run.Lines, l => l.StartsWith($"[linux] {Marker} init reached: Linux ") && l.EndsWith("cpus online 0-1"));
        // The domain's vCPUs share one line buffer, so a kernel message from the other vCPU may split a line.
        Assert.Contains(run.Lines, l => l.StartsWith($"[linux] {Marker} cpu1 online again"));
        Assert.Contains(run.Lines, l => l.StartsWith($"[linux] {Marker} vda first bytes: {Initramfs.RebootDone}"));
        Assert.Contains(run.Lines, l => l == $"[linux] {Marker} done, powering off");
        Assert.Equal(Enumerable.Range(1, 8), run.Lines.Where(l => l.StartsWith("[sensor] reading ")).Select(l => int.Parse(l.Split(' ')[2].TrimEnd(':'))));
        // Every line is someone's: no kernel output reaches the UART unprefixed.
        Assert.DoesNotContain(run.Lines, l => l.StartsWith("[    ") || l.StartsWith(Marker));
        Assert.Equal(RunOutcome.PoweredOff, run.Outcome);
    }
}

/// <summary>
/// tests/systems/linux-intruder.yaml: Linux reads the RTC, which no domain owns. Stage 2 has no
/// mapping there, so the hypervisor stops the domain (restart: stop) with one fault line; the C#
/// service next to it runs its whole sequence.
/// </summary>
[Collection("emulator")]
public class LinuxContainmentTests
{
    const string Marker = Initramfs.Marker;
    static readonly Lazy<RunResult> Run = new(() => LinuxTests.Boot("linux-intruder"));

    [Fact]
    public void LinuxTouchingADeviceItDoesNotOwnIsStoppedAndTheServiceIsNot()
    {
        var run = Run.Value;
        int touch = run.IndexOf(l => l.Contains($"{Marker} touching 0x9010000"));
        Assert.True(touch >= 0, string.Join("\n", run.Lines.TakeLast(30)));
        Assert.Contains(run.Lines, l => l.StartsWith("hv: domain linux stopped: stage-2 fault on read at 0x0000000009010000"));
        Assert.DoesNotContain(run.Lines, l => l.Contains($"{Marker} still running after the touch"));
        Assert.DoesNotContain(run.Lines, l => l.Contains($"{Marker} done, powering off"));
        Assert.Equal(Enumerable.Range(1, 5), run.Lines.Where(l => l.StartsWith("[telemetry] heartbeat ")).Select(l => int.Parse(l.Split(' ')[2].TrimEnd(','))));
        Assert.Contains("hv: domain telemetry stopped: powered off (PSCI SYSTEM_OFF)", run.Lines);
        Assert.Equal(RunOutcome.PoweredOff, run.Outcome);
    }
}
