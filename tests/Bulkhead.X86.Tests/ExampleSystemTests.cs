using Bulkhead.Systems;
using Bulkhead.Build;
using Bulkhead.Emulation;
using Xunit;

namespace Bulkhead.X86.Tests;

/// <summary>
/// examples/systems/bochs-x86.yaml end to end, the way `./bulkhead run` does it: check, build the
/// SDK services for x64, embed plan and images, boot the GRUB ISO in Bochs.
/// </summary>
[Collection("bochs")]
public class ExampleSystemTests
{
    [Fact]
    public void SensorRunsAndTheIntruderIsContainedByEpt()
    {
        var repo = X86Systems.Repo;
        var built = SystemBuilder.Build(repo, Path.Combine(repo.Root, "examples", "systems", "bochs-x86.yaml"), TextWriter.Null);
        Assert.Equal(ElfFile.MachineX86_64, ElfFile.Read(built.Hypervisor.Elf).Machine);
        var bochs = new BochsMachine { Iso = X86Systems.Iso(built.Hypervisor), Cores = built.Board.Cores.Count };

        var run = bochs.Run(TimeSpan.FromSeconds(150));

        Assert.Equal(RunOutcome.PoweredOff, run.Outcome);
        Assert.Contains("Bulkhead 0.1.0 (x64) running at VMX root on board bochs-x86, 4 cores", run.Lines);
        for (int i = 1; i <= 8; i++) Assert.Contains(run.Lines, l => l.StartsWith($"[sensor] reading {i}: "));
        Assert.Contains(run.Lines, l => l.StartsWith("hv: domain intruder-probe stopped: EPT violation on read (mov, 4 bytes) at 0x0000000044000000"));
        Assert.DoesNotContain(run.Lines, l => l.Contains("from another domain"));
        Assert.Contains("hv: domain sensor stopped: powered off (PSCI SYSTEM_OFF)", run.Lines);
    }
}
