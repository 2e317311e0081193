using Bulkhead.Build;
using Bulkhead.Emulation;
using Bulkhead.Systems;
using Xunit;

namespace Bulkhead.Tests;

/// <summary>
/// Board zcu102 on QEMU's model of the ZCU102 (xlnx-zcu102, virtualization=on: 4x Cortex-A53,
/// GIC-400 with 64 KiB-aliased CPU interface frames, Cadence UART console), under -icount: the demo
/// system, the partition system (isolation) and the watchdog system, each booted once with the
/// board line switched to zcu102 (their domains sit at 0x44000000-0x46FFFFFF, inside the ZCU102's
/// low 2 GiB of DDR as they are inside QEMU virt's RAM).
/// </summary>
[Collection("emulator")]
public class Zcu102Tests
{
    private const string Board = "zcu102";

    /// <summary>tests/systems/&lt;system&gt;.yaml with its board switched to zcu102, booted once.</summary>
    private static RunResult BootOnZcu102(string system)
    {
        var repo = TestImages.Repo;
        string text = File.ReadAllText(Path.Combine(repo.Root, "tests", "systems", system + ".yaml"));
        Assert.Contains("board: qemu-virt-gicv3\n", text);
        text = text.Replace("board: qemu-virt-gicv3\n", $"board: {Board}\n").Replace($"name: {system}\n", $"name: {system}-{Board}\n");
        string folder = Path.Combine(repo.OutputRoot, "test-systems");
        Directory.CreateDirectory(folder);
        string file = Path.Combine(folder, $"{system}-{Board}.yaml");
        lock (typeof(Zcu102Tests)) if (!File.Exists(file) || File.ReadAllText(file) != text) File.WriteAllText(file, text);
        return SystemRuns.BootFile(file);
    }

    [Fact]
    public void RunnerStartsQemusZcu102ModelWithEl2TheBoardsRamAndTheElf()
    {
        var image = new NativeImage("hv.elf", "hv.bin", "hv.map.xml", "hv.link.map", WasUpToDate: true);
        var args = string.Join(' ', Machines.QemuFor(BoardTargets.LoadBoard(TestImages.Repo, Board), image, cores: null, cpu: "cortex-a72").Arguments());
        Assert.Contains("-M xlnx-zcu102,virtualization=on -m 4096M", args); // 2 GiB low + 2 GiB high DDR, as on the board
        Assert.Contains("-kernel hv.elf", args);
        Assert.Contains("-serial stdio", args);                          // UART0 at 0xFF000000
        Assert.DoesNotContain("-cpu", args);                              // the model's A53s are fixed
        Assert.DoesNotContain("-serial null", args);
    }

    [Fact]
    public void DemoDomainsPrintOnTheCadenceConsoleAndPowerOff()
    {
        var run = SystemRuns.BootFile("examples/systems/zcu102.yaml");

        // Both vCPUs of control count (exact prime counts); channels and doorbells work on the GIC-400.
        ExampleSystemTests.AssertTheDemoRanToPowerOff(run);
        Assert.Equal($"Bulkhead {ProductInfo.Version} (arm64) running at EL2 on board zcu102, 4 cores", run.Lines.First(l => l.StartsWith("Bulkhead ")));
        Assert.DoesNotContain(run.Lines, l => l.StartsWith("PANIC"));
    }

    [Fact]
    public void IntruderIsStoppedWhileTheOtherDomainsKeepTickingWithSgisAndSecondVcpus()
    {
        var run = BootOnZcu102("partition");

        Assert.Contains("[alpha] hello from alpha: domain 0, vCPU 0 of 1", run.Lines);
        Assert.Contains("[smp-beta] hello from smp-beta: domain 1, vCPU 0 of 2", run.Lines);
        Assert.Contains("[intruder-gamma] hello from intruder-gamma: domain 2, vCPU 0 of 1", run.Lines);
        int stop = run.IndexOf(l => l.StartsWith("hv: domain intruder-gamma stopped: stage-2 fault on read at 0x0000000044000000 (ESR=0x93"));
        Assert.True(stop >= 0, run.Console);
        GuestVerdicts.AssertNoFailure(run); // "FAIL intruder-read" had the read returned
        Assert.DoesNotContain(run.Lines.Skip(stop + 1), l => l.StartsWith("[intruder-gamma]"));
        Assert.Contains(run.Lines.Skip(stop + 1), l => l.StartsWith("[alpha] tick"));
        Assert.Contains(run.Lines.Skip(stop + 1), l => l.StartsWith("[smp-beta] tick"));
        // Virtual timers (GICH list registers), PSCI CPU_ON and SGIs through the aliased GICV frame.
        Assert.Contains("[alpha] tick 10 on vCPU 0", run.Lines);
        Assert.Contains("[smp-beta] tick 10 on vCPU 0", run.Lines);
        Assert.Contains("[smp-beta] SGI 5 received on vCPU 1", run.Lines);
        GuestVerdicts.AssertPassed(run, "smp-beta", "cpu-on", "sgi", "timer");
        foreach (var domain in new[] { "alpha", "smp-beta", "intruder-gamma" })
            GuestVerdicts.AssertPassed(run, domain, "cpu-on-foreign");
        Assert.Equal(RunOutcome.PoweredOff, run.Outcome);
        Assert.Equal("hv: no domain left running, powering off", run.Lines.Last(l => l.StartsWith("hv:") && !l.StartsWith("hv: heap")));
    }

    [Fact]
    public void MissedHeartbeatStopsTheSleeperAndAResetRestartsOnlyTheCaller()
    {
        // GICC_DIR at the unadjusted GICC + 0x1000 would land on GICC_CTLR and switch the CPU
        // interface off: the watchdog's EL2 timer interrupt would then never arrive.
        var run = BootOnZcu102("watchdog");

        int stop = run.IndexOf(l => l.StartsWith("hv: domain sleeper-alpha stopped: watchdog expired: no heartbeat for "));
        Assert.True(stop >= 0, run.Console);
        Assert.Matches(@"no heartbeat for 6\d\d ms \(period 600 ms\)$", run.Lines[stop]);
        Assert.DoesNotContain(run.Lines, l => l.StartsWith("hv: domain steady-beta stopped: watchdog"));
        int restart = run.IndexOf(l => l == "hv: domain resetter-gamma restarting (1 of 1): reset requested (PSCI SYSTEM_RESET)");
        Assert.True(restart >= 0, run.Console);
        Assert.Contains("hv: domain resetter-gamma stopped: restart limit (1) reached: reset requested (PSCI SYSTEM_RESET)", run.Lines);
        GuestVerdicts.AssertNoFailure(run);
        GuestVerdicts.AssertPassed(run, "steady-beta", "timer");
        Assert.Contains("[steady-beta] done, powering off", run.Lines);
        Assert.Equal(RunOutcome.PoweredOff, run.Outcome);
    }

    [Fact]
    public void EntryBelowEl2IsReportedOnTheCadenceUartBeforeCSharpRuns()
    {
        // Without virtualization=on the model starts the image at EL1: only entry.S's early_puts,
        // through the generated Cadence early_putc, can say so.
        var machine = new QemuArm64Machine { Model = QemuArm64Machine.Zcu102, Virtualization = false, Memory = "4096M", Kernel = TestImages.Hypervisor(Board).Elf }.Deterministic();
        var run = EmulatorRun.Run(QemuArm64Machine.Executable, machine.Arguments(), TimeSpan.FromSeconds(30));

        Assert.Equal(RunOutcome.Panicked, run.Outcome);
        Assert.Contains("PANIC: Bulkhead must be entered at EL2 (check the boot loader / emulator flags)", run.Lines);
        Assert.DoesNotContain(run.Lines, l => l.StartsWith("Bulkhead "));
    }
}
